package org.ballista.runtime.vector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ballista.api.BallistaException;

/**
 * Exact scaled-long arithmetic for DECIMAL results of aggregates and window functions (per group or
 * frame result, never per input row).
 */
public final class DecimalMath {
  private DecimalMath() {}

  public static BallistaException overflow(String what) {
    return BallistaException.execution("overflow in " + what);
  }

  /** {@code value} (scale {@code from}) at scale {@code to}, rounding half away from zero when scaling down. */
  public static long rescale(long value, int from, int to, String what) {
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
    if (d > 18) {
      return 0;
    }
    return divideHalfUp(value, DecimalVectors.powerOfTen(d));
  }

  /** {@code n / d} rounded half away from zero; {@code d > 0}. */
  public static long divideHalfUp(long n, long d) {
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
   * The average {@code sum / count} where {@code sum} has scale {@code sumScale}, as an unscaled
   * value of scale {@code resultScale}, rounded half away from zero. Uses long arithmetic; only if an
   * intermediate overflows does it fall back to BigDecimal for this one group.
   */
  public static long average(long sum, int sumScale, long count, int resultScale) {
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
    BigDecimal avg = BigDecimal.valueOf(sum, sumScale)
        .divide(BigDecimal.valueOf(count), resultScale, RoundingMode.HALF_UP);
    try {
      return avg.unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw overflow("AVG");
    }
  }
}
