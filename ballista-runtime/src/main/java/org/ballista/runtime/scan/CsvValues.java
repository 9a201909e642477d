package org.ballista.runtime.scan;

/**
 * Allocation-free parsing of CSV field bytes into primitive values. Each parser reads {@code
 * buf[start, end)} (already trimmed by the caller) and reports failure through its return value or
 * the {@link #ok} flag of a {@link Result}, never by throwing. Stateless except for the caller's
 * result holder.
 */
final class CsvValues {
  private CsvValues() {}

  /** Exact powers of ten representable as doubles (10^0..10^22). */
  private static final double[] DOUBLE_POWERS = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < DOUBLE_POWERS.length; i++) {
      DOUBLE_POWERS[i] = p;
      p *= 10;
    }
  }

  /** A mutable holder for one parse result (one per column parser, reused for every row). */
  static final class Result {
    boolean ok;
    long longValue;
    long highValue;
    double doubleValue;
  }

  /** Parses an optionally signed decimal integer in [min, max]. */
  static boolean parseLong(byte[] buf, int start, int end, long min, long max, Result out) {
    int i = start;
    if (i >= end) {
      return fail(out);
    }
    boolean negative = buf[i] == '-';
    if (negative || buf[i] == '+') {
      i++;
    }
    if (i >= end) {
      return fail(out);
    }
    long value = 0; // accumulated negatively to reach Long.MIN_VALUE
    for (; i < end; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        return fail(out);
      }
      if (value < (Long.MIN_VALUE + d) / 10) {
        return fail(out);
      }
      value = value * 10 - d;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return fail(out);
      }
      value = -value;
    }
    if (value < min || value > max) {
      return fail(out);
    }
    out.longValue = value;
    out.ok = true;
    return true;
  }

  /**
   * Parses a decimal number ([sign] digits [. digits] [e [sign] digits]) into a double. Numbers with
   * at most 15 significant digits and a power of ten within ±22 are converted exactly (correctly
   * rounded, no allocation); anything else (and NaN, Infinity) falls back to {@link
   * Double#parseDouble}.
   */
  static boolean parseDouble(byte[] buf, int start, int end, Result out) {
    int i = start;
    if (i >= end) {
      return fail(out);
    }
    boolean negative = buf[i] == '-';
    if (negative || buf[i] == '+') {
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int exponent = 0;
    int digits = 0;
    boolean dot = false;
    for (; i < end; i++) {
      byte b = buf[i];
      if (b >= '0' && b <= '9') {
        digits++;
        if (significant > 0 || b != '0') {
          if (significant < 18) {
            mantissa = mantissa * 10 + (b - '0');
            significant++;
            if (dot) {
              exponent--;
            }
          } else {
            significant++;
            if (!dot) {
              exponent++;
            }
          }
        } else if (dot) {
          exponent--;
        }
      } else if (b == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (digits == 0) {
      return slowDouble(buf, start, end, out);
    }
    if (i < end) {
      if (buf[i] != 'e' && buf[i] != 'E') {
        return fail(out);
      }
      i++;
      boolean expNegative = i < end && buf[i] == '-';
      if (i < end && (buf[i] == '-' || buf[i] == '+')) {
        i++;
      }
      if (i >= end) {
        return fail(out);
      }
      int e = 0;
      for (; i < end; i++) {
        int d = buf[i] - '0';
        if (d < 0 || d > 9) {
          return fail(out);
        }
        if (e < 100_000) {
          e = e * 10 + d;
        }
      }
      exponent += expNegative ? -e : e;
    }
    if (significant <= 15 && exponent >= -22 && exponent <= 22) {
      double v = mantissa;
      v = exponent < 0 ? v / DOUBLE_POWERS[-exponent] : v * DOUBLE_POWERS[exponent];
      out.doubleValue = negative ? -v : v;
      out.ok = true;
      return true;
    }
    if (mantissa == 0) {
      out.doubleValue = negative ? -0.0 : 0.0;
      out.ok = true;
      return true;
    }
    return slowDouble(buf, start, end, out);
  }

  private static boolean slowDouble(byte[] buf, int start, int end, Result out) {
    String s = new String(buf, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      // Java's parser also accepts hex floats and 'd'/'f' suffixes; SQL text does not.
      if (c == 'x' || c == 'X' || c == 'd' || c == 'D' || c == 'f' || c == 'F' || c == 'p' || c == 'P') {
        if (!s.equalsIgnoreCase("-Infinity") && !s.equalsIgnoreCase("Infinity") && !s.equalsIgnoreCase("+Infinity")) {
          return fail(out);
        }
      }
    }
    try {
      out.doubleValue = Double.parseDouble(s);
      out.ok = true;
      return true;
    } catch (NumberFormatException e) {
      return fail(out);
    }
  }

  /**
   * Parses a decimal number into the unscaled value of DECIMAL(precision, scale): {@code
   * out.longValue} (low 64 bits) and {@code out.highValue} (high 64 bits, the sign extension when
   * precision ≤ 18). Extra fraction digits are rounded half away from zero. Fails if the value needs
   * more than {@code precision} digits.
   */
  static boolean parseDecimal(byte[] buf, int start, int end, int precision, int scale, Result out) {
    int i = start;
    if (i >= end) {
      return fail(out);
    }
    boolean negative = buf[i] == '-';
    if (negative || buf[i] == '+') {
      i++;
    }
    long hi = 0; // unsigned 128-bit magnitude (hi, lo)
    long lo = 0;
    int significant = 0; // digits of the magnitude so far (at most 38, so it never overflows)
    int fraction = 0;
    boolean dot = false;
    boolean any = false;
    boolean dropped = false;
    boolean roundUp = false;
    for (; i < end; i++) {
      byte b = buf[i];
      if (b == '.' && !dot) {
        dot = true;
        continue;
      }
      int d = b - '0';
      if (d < 0 || d > 9) {
        return fail(out);
      }
      any = true;
      if (dot) {
        if (fraction == scale) {
          if (!dropped) {
            roundUp = d >= 5; // the first dropped digit decides: half away from zero
            dropped = true;
          }
          continue;
        }
        fraction++;
      }
      if (significant > 0 || d != 0) {
        if (++significant > 38) {
          return fail(out);
        }
      }
      long loTimes10 = lo * 10;
      hi = hi * 10 + unsignedMultiplyHigh10(lo);
      lo = loTimes10 + d;
      if (Long.compareUnsigned(lo, loTimes10) < 0) {
        hi++;
      }
    }
    if (!any) {
      return fail(out);
    }
    for (; fraction < scale; fraction++) {
      if (significant > 0 && ++significant > 38) {
        return fail(out);
      }
      long loTimes10 = lo * 10;
      hi = hi * 10 + unsignedMultiplyHigh10(lo);
      lo = loTimes10;
    }
    if (roundUp) {
      lo++;
      if (lo == 0) {
        hi++;
      }
    }
    if (!belowPowerOfTen(hi, lo, precision)) {
      return fail(out);
    }
    if (negative) {
      lo = ~lo + 1;
      hi = ~hi + (lo == 0 ? 1 : 0);
    }
    out.longValue = lo;
    out.highValue = hi;
    out.ok = true;
    return true;
  }

  /** The high 64 bits of the unsigned product {@code x * 10}. */
  private static long unsignedMultiplyHigh10(long x) {
    return Math.multiplyHigh(x, 10) + ((x >> 63) & 10);
  }

  /** Whether the unsigned 128-bit magnitude (hi, lo) is below 10^precision (precision ≤ 38). */
  static boolean belowPowerOfTen(long hi, long lo, int precision) {
    if (precision <= 18) {
      return hi == 0 && Long.compareUnsigned(lo, org.ballista.runtime.vector.DecimalVectors.powerOfTen(precision)) < 0;
    }
    long phi = 0;
    long plo = org.ballista.runtime.vector.DecimalVectors.powerOfTen(18);
    for (int k = 18; k < precision; k++) {
      long loTimes10 = plo * 10;
      phi = phi * 10 + unsignedMultiplyHigh10(plo);
      plo = loTimes10;
    }
    int c = Long.compareUnsigned(hi, phi);
    return c < 0 || (c == 0 && Long.compareUnsigned(lo, plo) < 0);
  }

  /**
   * Parses {@code yyyy-mm-dd} (month and day with one or two digits) into days since 1970-01-01;
   * the result is in {@code out.longValue}. Fails on an invalid calendar date.
   */
  static boolean parseDate(byte[] buf, int start, int end, Result out) {
    int i = start;
    int year = 0;
    int yearDigits = 0;
    while (i < end && buf[i] >= '0' && buf[i] <= '9' && yearDigits < 4) {
      year = year * 10 + (buf[i++] - '0');
      yearDigits++;
    }
    if (yearDigits != 4 || i >= end || buf[i++] != '-') {
      return fail(out);
    }
    int month = 0;
    int md = 0;
    while (i < end && buf[i] >= '0' && buf[i] <= '9' && md < 2) {
      month = month * 10 + (buf[i++] - '0');
      md++;
    }
    if (md == 0 || i >= end || buf[i++] != '-') {
      return fail(out);
    }
    int day = 0;
    int dd = 0;
    while (i < end && buf[i] >= '0' && buf[i] <= '9' && dd < 2) {
      day = day * 10 + (buf[i++] - '0');
      dd++;
    }
    if (dd == 0 || i != end || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return fail(out);
    }
    out.longValue = epochDay(year, month, day);
    out.ok = true;
    return true;
  }

  static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (computed on a March-based year). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int marchMonth = (month + 9) % 12;
    int dayOfYear = (153 * marchMonth + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /** Parses true/false, t/f, 1/0 (case-insensitive) into {@code out.longValue} 1 or 0. */
  static boolean parseBool(byte[] buf, int start, int end, Result out) {
    int n = end - start;
    if (n == 1) {
      byte b = (byte) (buf[start] | 0x20);
      if (b == 't' || buf[start] == '1') {
        return bool(out, 1);
      }
      if (b == 'f' || buf[start] == '0') {
        return bool(out, 0);
      }
      return fail(out);
    }
    if (equalsIgnoreCase(buf, start, end, "true")) {
      return bool(out, 1);
    }
    if (equalsIgnoreCase(buf, start, end, "false")) {
      return bool(out, 0);
    }
    return fail(out);
  }

  static boolean equalsIgnoreCase(byte[] buf, int start, int end, String lowerAscii) {
    if (end - start != lowerAscii.length()) {
      return false;
    }
    for (int k = 0; k < lowerAscii.length(); k++) {
      if ((buf[start + k] | 0x20) != lowerAscii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bool(Result out, long v) {
    out.longValue = v;
    out.ok = true;
    return true;
  }

  private static boolean fail(Result out) {
    out.ok = false;
    return false;
  }
}
