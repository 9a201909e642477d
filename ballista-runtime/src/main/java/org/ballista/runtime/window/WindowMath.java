package org.ballista.runtime.window;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ballista.api.BallistaException;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * Exact scaled-long arithmetic for window results, with the same rounding as the hash aggregate
 * (half away from zero): a window AVG equals the grouped AVG over the same rows.
 */
final class WindowMath {
  private WindowMath() {}

  static BallistaException overflow(String what) {
    return BallistaException.execution("window: overflow in " + what);
  }

  /** {@code value} of scale {@code from} at scale {@code to}, half away from zero when scaling down. */
  static long rescale(long value, int from, int to, String what) {
    if (from == to) {
      return value;
    }
    if (to > from) {
      int d = to - from;
      if (d > 18) {
        if (value == 0) {
          return 0;
        }
        throw overflow(what);
      }
      try {
        return Math.multiplyExact(value, DecimalVectors.powerOfTen(d));
      } catch (ArithmeticException e) {
        throw overflow(what);
      }
    }
    int d = from - to;
    return d > 18 ? 0 : divideHalfUp(value, DecimalVectors.powerOfTen(d));
  }

  /** {@code n / d} rounded half away from zero; {@code d > 0}. */
  static long divideHalfUp(long n, long d) {
    long q = n / d;
    long r = n % d;
    if (r == 0) {
      return q;
    }
    long absR = r < 0 ? -r : r;
    if (absR >= d - absR) {
      q += n < 0 ? -1 : 1;
    }
    return q;
  }

  /**
   * {@code sum / count} ({@code sum} of scale {@code sumScale}) as an unscaled value of scale {@code
   * resultScale}, half away from zero. Long arithmetic; only when an intermediate overflows does it
   * fall back to BigDecimal for that one value.
   */
  static long average(long sum, int sumScale, long count, int resultScale) {
    try {
      if (resultScale >= sumScale) {
        int d = resultScale - sumScale;
        if (d <= 18) {
          return divideHalfUp(Math.multiplyExact(sum, DecimalVectors.powerOfTen(d)), count);
        }
      } else {
        int d = sumScale - resultScale;
        if (d <= 18) {
          return divideHalfUp(sum, Math.multiplyExact(count, DecimalVectors.powerOfTen(d)));
        }
      }
    } catch (ArithmeticException e) {
      // fall through to the exact slow path
    }
    BigDecimal avg = BigDecimal.valueOf(sum, sumScale).divide(BigDecimal.valueOf(count), resultScale, RoundingMode.HALF_UP);
    try {
      return avg.unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw overflow("AVG");
    }
  }
}
