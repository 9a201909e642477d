package org.ballista.runtime.expr;

/**
 * Proleptic Gregorian calendar arithmetic on days since 1970-01-01 with integer math only (the
 * well-known era/day-of-era decomposition), so per-row date functions create no objects.
 */
final class CivilDate {
  private CivilDate() {}

  static int daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** Packs year, month, day of {@code days} into one long: year << 9 | month << 5 | day. */
  static long civil(int days) {
    int z = days + 719468;
    int era = Math.floorDiv(z, 146097);
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    int y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return ((long) y << 9) | ((long) m << 5) | d;
  }

  static int year(long civil) {
    return (int) (civil >> 9);
  }

  static int month(long civil) {
    return (int) (civil >>> 5) & 0xF;
  }

  static int day(long civil) {
    return (int) civil & 0x1F;
  }

  static boolean isLeap(int y) {
    return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
  }

  static int daysInMonth(int y, int m) {
    return switch (m) {
      case 2 -> isLeap(y) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Adds months, clamping the day to the end of the target month. */
  static int addMonths(int days, long months) {
    long c = civil(days);
    long m0 = (long) year(c) * 12 + (month(c) - 1) + months;
    int y = (int) Math.floorDiv(m0, 12);
    int m = (int) Math.floorMod(m0, 12) + 1;
    int d = Math.min(day(c), daysInMonth(y, m));
    return daysFromCivil(y, m, d);
  }

  /** Day of week, 1 = Sunday ... 7 = Saturday (Calcite's EXTRACT(DOW)). */
  static int dayOfWeek(int days) {
    return Math.floorMod(days + 4, 7) + 1;
  }

  static int dayOfYear(int days) {
    long c = civil(days);
    return days - daysFromCivil(year(c), 1, 1) + 1;
  }
}
