package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/**
 * Bitmaps as {@code long[]} words (bit i of word i/64), for word-at-a-time validity and boolean
 * logic. A null array stands for "all ones" (no nulls / all rows) wherever documented.
 */
final class Bitmaps {
  private Bitmaps() {}

  static int words(int n) {
    return (n + 63) >>> 6;
  }

  /** Bits 0..n-1 of an Arrow bitmap buffer (bits at and beyond n are zero). Reads only ceil(n/8) bytes. */
  static long[] load(ArrowBuf buf, int n) {
    long[] w = new long[words(n)];
    int full = n >>> 6;
    for (int i = 0; i < full; i++) {
      w[i] = buf.getLong((long) i << 3);
    }
    int rem = n & 63;
    if (rem != 0) {
      long word = 0;
      int bytes = (rem + 7) >>> 3;
      long base = (long) full << 3;
      for (int b = 0; b < bytes; b++) {
        word |= (buf.getByte(base + b) & 0xFFL) << (b << 3);
      }
      w[full] = word & ((1L << rem) - 1);
    }
    return w;
  }

  /** Writes bits 0..n-1 into an Arrow bitmap buffer of at least ceil(n/8) bytes. */
  static void store(long[] w, ArrowBuf buf, int n) {
    int full = n >>> 6;
    for (int i = 0; i < full; i++) {
      buf.setLong((long) i << 3, w[i]);
    }
    int rem = n & 63;
    if (rem != 0) {
      long word = w[full] & ((1L << rem) - 1);
      int bytes = (rem + 7) >>> 3;
      long base = (long) full << 3;
      for (int b = 0; b < bytes; b++) {
        buf.setByte(base + b, (byte) (word >>> (b << 3)));
      }
    }
  }

  /** Validity of the first n values, or null when the vector has no nulls. */
  static long[] validity(FieldVector v, int n) {
    if (v instanceof NullVector) {
      return new long[words(n)];
    }
    if (n == 0 || v.getNullCount() == 0) {
      return null;
    }
    return load(v.getValidityBuffer(), n);
  }

  /** The true (valid and set) bits of a boolean vector. */
  static long[] trueBits(BitVector v, int n) {
    long[] values = load(v.getDataBuffer(), n);
    long[] valid = validity(v, n);
    if (valid != null) {
      for (int i = 0; i < values.length; i++) {
        values[i] &= valid[i];
      }
    }
    return values;
  }

  /** The valid-and-false bits of a boolean vector. */
  static long[] falseBits(BitVector v, int n) {
    long[] values = load(v.getDataBuffer(), n);
    long[] valid = validity(v, n);
    for (int i = 0; i < values.length; i++) {
      values[i] = ~values[i] & (valid == null ? -1L : valid[i]);
    }
    clearTail(values, n);
    return values;
  }

  static long[] ones(int n) {
    long[] w = new long[words(n)];
    java.util.Arrays.fill(w, -1L);
    clearTail(w, n);
    return w;
  }

  static void clearTail(long[] w, int n) {
    int rem = n & 63;
    if (rem != 0) {
      w[w.length - 1] &= (1L << rem) - 1;
    }
  }

  /** a AND b where null means all ones; the result may be one of the inputs (do not mutate it). */
  static long[] and(long[] a, long[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    long[] r = new long[a.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = a[i] & b[i];
    }
    return r;
  }

  /** a AND NOT b where a null means all ones (needs n for the tail). */
  static long[] andNot(long[] a, long[] b, int n) {
    long[] r = new long[words(n)];
    for (int i = 0; i < r.length; i++) {
      r[i] = (a == null ? -1L : a[i]) & ~b[i];
    }
    clearTail(r, n);
    return r;
  }

  static boolean get(long[] w, int i) {
    return w == null || (w[i >>> 6] & (1L << i)) != 0;
  }

  static void set(long[] w, int i) {
    w[i >>> 6] |= 1L << i;
  }

  static boolean isEmpty(long[] w) {
    if (w == null) {
      return false;
    }
    for (long x : w) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  static int count(long[] w, int n) {
    if (w == null) {
      return n;
    }
    int c = 0;
    for (long x : w) {
      c += Long.bitCount(x);
    }
    return c;
  }

  /** Writes validity bits (null = all valid) into the vector's validity buffer. */
  static void writeValidity(FieldVector out, long[] valid, int n) {
    store(valid == null ? ones(n) : valid, out.getValidityBuffer(), n);
  }
}
