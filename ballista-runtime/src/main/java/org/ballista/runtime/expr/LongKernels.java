package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * Tight loops of long-domain arithmetic (INT64 and scaled DECIMAL) for each operand mode: VV
 * (two vectors), VS (vector, constant), SV (constant, vector). Operands are read as longs with a
 * byte stride (8 for BIGINT, 16 for DECIMAL's low word); results are written with stride {@code so}
 * (8, or 16 with the sign-extended high word). {@code live} marks rows whose errors count.
 * Generated from one template per operation; keep the variants in sync.
 */
final class LongKernels {
  private LongKernels() {}

  static void addVV(ArrowBuf a, int sa, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = b.getLong((long) i * sb);
      long r = x + y;
      if (((x ^ r) & (y ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void addVS(ArrowBuf a, int sa, long cb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = cb;
      long r = x + y;
      if (((x ^ r) & (y ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void addSV(long ca, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = ca;
      long y = b.getLong((long) i * sb);
      long r = x + y;
      if (((x ^ r) & (y ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void subVV(ArrowBuf a, int sa, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = b.getLong((long) i * sb);
      long r = x - y;
      if (((x ^ y) & (x ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void subVS(ArrowBuf a, int sa, long cb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = cb;
      long r = x - y;
      if (((x ^ y) & (x ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void subSV(long ca, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = ca;
      long y = b.getLong((long) i * sb);
      long r = x - y;
      if (((x ^ y) & (x ^ r)) < 0) {
        Kernels.fail(live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void mulVV(ArrowBuf a, int sa, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg, long down) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = b.getLong((long) i * sb);
      long r = x * y;
      if (Math.multiplyHigh(x, y) != (r >> 63)) {
        r = Kernels.slowMultiply(x, y, down, live, i, msg);
      } else if (down != 1) {
        r = Kernels.roundDiv(r, down);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void mulVS(ArrowBuf a, int sa, long cb, ArrowBuf out, int so, int n, long[] live, String msg, long down) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = cb;
      long r = x * y;
      if (Math.multiplyHigh(x, y) != (r >> 63)) {
        r = Kernels.slowMultiply(x, y, down, live, i, msg);
      } else if (down != 1) {
        r = Kernels.roundDiv(r, down);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void mulSV(long ca, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg, long down) {
    for (int i = 0; i < n; i++) {
      long x = ca;
      long y = b.getLong((long) i * sb);
      long r = x * y;
      if (Math.multiplyHigh(x, y) != (r >> 63)) {
        r = Kernels.slowMultiply(x, y, down, live, i, msg);
      } else if (down != 1) {
        r = Kernels.roundDiv(r, down);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void divVV(ArrowBuf a, int sa, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg, long mulNum, long mulDen, boolean round) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = b.getLong((long) i * sb);
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = Kernels.divide(x, y, mulNum, mulDen, round, live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void divVS(ArrowBuf a, int sa, long cb, ArrowBuf out, int so, int n, long[] live, String msg, long mulNum, long mulDen, boolean round) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = cb;
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = Kernels.divide(x, y, mulNum, mulDen, round, live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void divSV(long ca, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg, long mulNum, long mulDen, boolean round) {
    for (int i = 0; i < n; i++) {
      long x = ca;
      long y = b.getLong((long) i * sb);
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = Kernels.divide(x, y, mulNum, mulDen, round, live, i, msg);
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void modVV(ArrowBuf a, int sa, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = b.getLong((long) i * sb);
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = y == -1 ? 0 : x % y;
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void modVS(ArrowBuf a, int sa, long cb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = a.getLong((long) i * sa);
      long y = cb;
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = y == -1 ? 0 : x % y;
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }

  static void modSV(long ca, ArrowBuf b, int sb, ArrowBuf out, int so, int n, long[] live, String msg) {
    for (int i = 0; i < n; i++) {
      long x = ca;
      long y = b.getLong((long) i * sb);
      long r;
      if (y == 0) {
        Kernels.failDivByZero(live, i);
        r = 0;
      } else {
        r = y == -1 ? 0 : x % y;
      }
      long off = (long) i * so;
      out.setLong(off, r);
      if (so == 16) {
        out.setLong(off + 8, r >> 63);
      }
    }
  }
}
