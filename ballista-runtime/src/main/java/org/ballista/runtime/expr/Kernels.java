package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.ballista.api.BallistaException;

/** Scalar helpers shared by the kernels: error raising for live rows, rounding division, slow paths. */
final class Kernels {
  static final String DECIMAL_OVERFLOW = "decimal overflow";
  static final String INTEGER_OVERFLOW = "integer overflow";

  private Kernels() {}

  /** Raises {@code message} if row i is live (valid and active); otherwise the row's value is ignored. */
  static void fail(long[] live, int i, String message) {
    if (Bitmaps.get(live, i)) {
      throw BallistaException.execution(message);
    }
  }

  static void failDivByZero(long[] live, int i) {
    fail(live, i, "division by zero");
  }

  /** n / d rounded half-up (away from zero on ties), d != 0. */
  static long roundDiv(long n, long d) {
    long q = n / d;
    long r = n - q * d;
    if (r != 0) {
      long ar = Math.abs(r);
      long ad = Math.abs(d);
      if (ar >= ad - ar) {
        q += ((n ^ d) < 0) ? -1 : 1;
      }
    }
    return q;
  }

  /** x * y / down (rounded half-up) when x * y overflows a long; fails if the result does not fit. */
  static long slowMultiply(long x, long y, long down, long[] live, int i, String msg) {
    BigInteger p = BigInteger.valueOf(x).multiply(BigInteger.valueOf(y));
    if (down != 1) {
      p = new BigDecimal(p).divide(BigDecimal.valueOf(down), 0, RoundingMode.HALF_UP).toBigInteger();
    }
    if (p.bitLength() > 63) {
      fail(live, i, msg);
      return 0;
    }
    return p.longValue();
  }

  /**
   * (x * mulNum) / (y * mulDen), rounded half-up when {@code round} (decimals), truncated otherwise
   * (integers); y != 0.
   */
  static long divide(long x, long y, long mulNum, long mulDen, boolean round, long[] live, int i, String msg) {
    if (!round) {
      if (x == Long.MIN_VALUE && y == -1) {
        fail(live, i, msg);
        return 0;
      }
      return x / y;
    }
    long num = x;
    long den = y;
    if (mulNum != 1) {
      num = x * mulNum;
      if (Math.multiplyHigh(x, mulNum) != (num >> 63)) {
        return slowDivide(x, y, mulNum, mulDen, live, i, msg);
      }
    }
    if (mulDen != 1) {
      den = y * mulDen;
      if (Math.multiplyHigh(y, mulDen) != (den >> 63)) {
        return slowDivide(x, y, mulNum, mulDen, live, i, msg);
      }
    }
    if (num == Long.MIN_VALUE || den == Long.MIN_VALUE) {
      return slowDivide(x, y, mulNum, mulDen, live, i, msg);
    }
    return roundDiv(num, den);
  }

  private static long slowDivide(long x, long y, long mulNum, long mulDen, long[] live, int i, String msg) {
    BigDecimal n = BigDecimal.valueOf(x).multiply(BigDecimal.valueOf(mulNum));
    BigDecimal d = BigDecimal.valueOf(y).multiply(BigDecimal.valueOf(mulDen));
    BigInteger q = n.divide(d, 0, RoundingMode.HALF_UP).toBigInteger();
    if (q.bitLength() > 63) {
      fail(live, i, msg);
      return 0;
    }
    return q.longValue();
  }

  /** v * 10^k (k in 0..18) with overflow detection. */
  static long scaleUp(long v, long factor, long[] live, int i, String msg) {
    long r = v * factor;
    if (Math.multiplyHigh(v, factor) != (r >> 63)) {
      fail(live, i, msg);
      return 0;
    }
    return r;
  }
}
