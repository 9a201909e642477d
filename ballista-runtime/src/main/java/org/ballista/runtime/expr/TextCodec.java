package org.ballista.runtime.expr;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * Parsing values out of UTF-8 bytes and formatting values into a {@link Utf8Builder}, without
 * per-row objects on the integer/decimal/date paths. A parse reports failure through {@link #ok}
 * (one codec per batch evaluation; not thread-safe).
 */
final class TextCodec {
  boolean ok;

  private static int skipSpaces(ArrowBuf b, long s, int from, int to) {
    while (from < to && b.getByte(s + from) == ' ') {
      from++;
    }
    return from;
  }

  private static int trimEnd(ArrowBuf b, long s, int from, int to) {
    while (to > from && b.getByte(s + to - 1) == ' ') {
      to--;
    }
    return to;
  }

  /** A decimal number with optional sign, digits and fraction, scaled to {@code scale} (half-up). */
  long parseDecimal(ArrowBuf b, long s, int len, int scale) {
    ok = false;
    int p = skipSpaces(b, s, 0, len);
    int end = trimEnd(b, s, p, len);
    if (p == end) {
      return 0;
    }
    boolean neg = false;
    byte c = b.getByte(s + p);
    if (c == '-' || c == '+') {
      neg = c == '-';
      p++;
    }
    long v = 0;
    int digits = 0;
    for (; p < end; p++) {
      c = b.getByte(s + p);
      if (c < '0' || c > '9') {
        break;
      }
      if (v > (Long.MAX_VALUE - 9) / 10) {
        return 0;
      }
      v = v * 10 + (c - '0');
      digits++;
    }
    int frac = 0;
    boolean roundUp = false;
    if (p < end && b.getByte(s + p) == '.') {
      p++;
      for (; p < end; p++) {
        c = b.getByte(s + p);
        if (c < '0' || c > '9') {
          break;
        }
        digits++;
        if (frac < scale) {
          if (v > (Long.MAX_VALUE - 9) / 10) {
            return 0;
          }
          v = v * 10 + (c - '0');
          frac++;
        } else if (frac == scale) {
          roundUp = c >= '5';
          frac++;
        }
      }
    }
    if (p != end || digits == 0) {
      return 0;
    }
    for (int k = Math.min(frac, scale); k < scale; k++) {
      if (v > Long.MAX_VALUE / 10) {
        return 0;
      }
      v *= 10;
    }
    if (roundUp) {
      v++;
    }
    ok = true;
    return neg ? -v : v;
  }

  /** An integer (a fraction is rounded half-up, as for a cast of a decimal literal). */
  long parseLong(ArrowBuf b, long s, int len) {
    return parseDecimal(b, s, len, 0);
  }

  double parseDouble(ArrowBuf b, long s, int len) {
    ok = false;
    byte[] bytes = new byte[len];
    b.getBytes(s, bytes, 0, len);
    try {
      double d = Double.parseDouble(new String(bytes, StandardCharsets.UTF_8).trim());
      ok = true;
      return d;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** ISO yyyy-mm-dd (month and day may have one digit) to days since epoch. */
  int parseDate(ArrowBuf b, long s, int len) {
    ok = false;
    int p = skipSpaces(b, s, 0, len);
    int end = trimEnd(b, s, p, len);
    int[] parts = new int[3];
    for (int k = 0; k < 3; k++) {
      int start = p;
      int v = 0;
      while (p < end && b.getByte(s + p) >= '0' && b.getByte(s + p) <= '9' && p - start < (k == 0 ? 4 : 2)) {
        v = v * 10 + (b.getByte(s + p) - '0');
        p++;
      }
      if (p == start || (k == 0 && p - start != 4)) {
        return 0;
      }
      parts[k] = v;
      if (k < 2) {
        if (p >= end || b.getByte(s + p) != '-') {
          return 0;
        }
        p++;
      }
    }
    if (p != end || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > CivilDate.daysInMonth(parts[0], parts[1])) {
      return 0;
    }
    ok = true;
    return CivilDate.daysFromCivil(parts[0], parts[1], parts[2]);
  }

  boolean parseBool(ArrowBuf b, long s, int len) {
    ok = false;
    int p = skipSpaces(b, s, 0, len);
    int end = trimEnd(b, s, p, len);
    int n = end - p;
    if (n == 0 || n > 5) {
      return false;
    }
    StringBuilder sb = new StringBuilder(n);
    for (int k = p; k < end; k++) {
      sb.append((char) (b.getByte(s + k) | 0x20));
    }
    switch (sb.toString()) {
      case "true", "t", "yes", "y", "1", "on" -> {
        ok = true;
        return true;
      }
      case "false", "f", "no", "n", "0", "off" -> {
        ok = true;
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  static void writeLong(Utf8Builder out, long v) {
    out.ensure(20);
    if (v == Long.MIN_VALUE) {
      out.append("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (v < 0) {
      out.put('-');
      v = -v;
    }
    writeDigits(out, v, 1);
  }

  /** Writes v (≥ 0) with at least minDigits digits; the caller ensured room. */
  private static void writeDigits(Utf8Builder out, long v, int minDigits) {
    int n = 1;
    long p = 10;
    while (n < 19 && v >= p) {
      n++;
      p *= 10;
    }
    n = Math.max(n, minDigits);
    for (int k = n - 1; k >= 0; k--) {
      long d = k >= 19 ? 0 : (v / DecimalVectors.powerOfTen(k)) % 10;
      out.put((int) ('0' + d));
    }
  }

  static void writeDecimal(Utf8Builder out, long unscaled, int scale) {
    out.ensure(22 + scale);
    if (scale == 0) {
      writeLong(out, unscaled);
      return;
    }
    if (unscaled == Long.MIN_VALUE) {
      out.append(java.math.BigDecimal.valueOf(unscaled, scale).toPlainString().getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (unscaled < 0) {
      out.put('-');
      unscaled = -unscaled;
    }
    long f = scale <= 18 ? DecimalVectors.powerOfTen(scale) : Long.MAX_VALUE;
    writeDigits(out, scale <= 18 ? unscaled / f : 0, 1);
    out.put('.');
    writeDigits(out, scale <= 18 ? unscaled % f : unscaled, scale);
  }

  static void writeDate(Utf8Builder out, int days) {
    long c = CivilDate.civil(days);
    int y = CivilDate.year(c);
    out.ensure(16);
    if (y < 0) {
      out.put('-');
      y = -y;
    }
    writeDigits(out, y, 4);
    out.put('-');
    writeDigits(out, CivilDate.month(c), 2);
    out.put('-');
    writeDigits(out, CivilDate.day(c), 2);
  }
}
