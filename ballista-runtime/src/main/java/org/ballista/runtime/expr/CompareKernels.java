package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * Comparison loops producing bitmap words. {@code mask} selects the outcomes that yield true: bit 0
 * for "less", bit 1 for "equal", bit 2 for "greater" (see {@link CompareNode#mask}). Values of null
 * rows are compared too (harmlessly); the caller applies validity.
 */
final class CompareKernels {
  private CompareKernels() {}

  static long[] intVV(ArrowBuf a, ArrowBuf b, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        int y = b.getInt((long) i << 2);
        int cmp = Integer.compare(x, y);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intVS(ArrowBuf a, int y, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        int cmp = Integer.compare(x, y);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longVV(ArrowBuf a, int sa, ArrowBuf b, int sb, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        long y = b.getLong((long) i * sb);
        int cmp = Long.compare(x, y);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longVS(ArrowBuf a, int sa, long y, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        int cmp = Long.compare(x, y);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] doubleVV(ArrowBuf a, ArrowBuf b, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        double x = a.getDouble((long) i << 3);
        double y = b.getDouble((long) i << 3);
        int cmp = x < y ? -1 : (x == y ? 0 : 1);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] doubleVS(ArrowBuf a, double y, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        double x = a.getDouble((long) i << 3);
        int cmp = x < y ? -1 : (x == y ? 0 : 1);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] utf8VV(ArrowBuf ao, ArrowBuf ad, ArrowBuf bo, ArrowBuf bd, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int as = ao.getInt((long) i << 2);
        int al = ao.getInt(((long) i + 1) << 2) - as;
        int bs = bo.getInt((long) i << 2);
        int bl = bo.getInt(((long) i + 1) << 2) - bs;
        int cmp = Utf8Bytes.compare(ad, as, al, bd, bs, bl);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] utf8VS(ArrowBuf ao, ArrowBuf ad, byte[] c, long[] cw, int mask, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int as = ao.getInt((long) i << 2);
        int al = ao.getInt(((long) i + 1) << 2) - as;
        int cmp = Utf8Bytes.compare(ad, as, al, c, cw);
        word |= (long) ((mask >>> (cmp + 1)) & 1) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  /** Equality against a constant string: length check first, then word compare. */
  static long[] utf8EqVS(ArrowBuf ao, ArrowBuf ad, byte[] c, long[] cw, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int as = ao.getInt((long) i << 2);
        int al = ao.getInt(((long) i + 1) << 2) - as;
        if (Utf8Bytes.equals(ad, as, al, c, cw)) {
          word |= 1L << (i - base);
        }
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] utf8EqVV(ArrowBuf ao, ArrowBuf ad, ArrowBuf bo, ArrowBuf bd, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int as = ao.getInt((long) i << 2);
        int al = ao.getInt(((long) i + 1) << 2) - as;
        int bs = bo.getInt((long) i << 2);
        int bl = bo.getInt(((long) i + 1) << 2) - bs;
        if (Utf8Bytes.equals(ad, as, al, bd, bs, bl)) {
          word |= 1L << (i - base);
        }
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  // ---- specialized constant comparisons (one loop per operator, no outcome mask)

  /** x OP y for int values against a constant, by outcome mask; null for masks without a loop. */
  static long[] intConst(ArrowBuf a, int y, int mask, int n) {
    return switch (mask) {
      case 0b010 -> intEq(a, y, n);
      case 0b101 -> intNe(a, y, n);
      case 0b001 -> intLt(a, y, n);
      case 0b011 -> intLe(a, y, n);
      case 0b100 -> intGt(a, y, n);
      case 0b110 -> intGe(a, y, n);
      default -> intVS(a, y, mask, n);
    };
  }

  static long[] longConst(ArrowBuf a, int sa, long y, int mask, int n) {
    return switch (mask) {
      case 0b010 -> longEq(a, sa, y, n);
      case 0b101 -> longNe(a, sa, y, n);
      case 0b001 -> longLt(a, sa, y, n);
      case 0b011 -> longLe(a, sa, y, n);
      case 0b100 -> longGt(a, sa, y, n);
      case 0b110 -> longGe(a, sa, y, n);
      default -> longVS(a, sa, y, mask, n);
    };
  }

  static long[] intEq(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x == y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longEq(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x == y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intNe(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x != y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longNe(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x != y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intLt(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x < y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longLt(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x < y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intLe(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x <= y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longLe(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x <= y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intGt(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x > y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longGt(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x > y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] intGe(ArrowBuf a, int y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        int x = a.getInt((long) i << 2);
        word |= (x >= y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }

  static long[] longGe(ArrowBuf a, int sa, long y, int n) {
    long[] w = new long[Bitmaps.words(n)];
    for (int base = 0; base < n; base += 64) {
      int end = Math.min(n, base + 64);
      long word = 0;
      for (int i = base; i < end; i++) {
        long x = a.getLong((long) i * sa);
        word |= (x >= y ? 1L : 0L) << (i - base);
      }
      w[base >>> 6] = word;
    }
    return w;
  }
}
