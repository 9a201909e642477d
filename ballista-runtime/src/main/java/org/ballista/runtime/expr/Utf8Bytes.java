package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;

/**
 * Byte-level operations on UTF-8 values held in Arrow buffers. Byte-wise unsigned lexicographic
 * order of UTF-8 equals code point order, so no decoding is needed to compare.
 */
final class Utf8Bytes {
  private Utf8Bytes() {}

  /** Little-endian 8-byte words of {@code c} (full words only), for word-at-a-time comparison. */
  static long[] words(byte[] c) {
    long[] w = new long[c.length >>> 3];
    for (int k = 0; k < w.length; k++) {
      long x = 0;
      for (int b = 7; b >= 0; b--) {
        x = (x << 8) | (c[(k << 3) + b] & 0xFF);
      }
      w[k] = x;
    }
    return w;
  }

  static int compare(ArrowBuf a, long as, int al, ArrowBuf b, long bs, int bl) {
    int min = Math.min(al, bl);
    int k = 0;
    for (; k + 8 <= min; k += 8) {
      long x = a.getLong(as + k);
      long y = b.getLong(bs + k);
      if (x != y) {
        int bit = Long.numberOfTrailingZeros(x ^ y) & ~7;
        return Integer.compare((int) (x >>> bit) & 0xFF, (int) (y >>> bit) & 0xFF);
      }
    }
    for (; k < min; k++) {
      int x = a.getByte(as + k) & 0xFF;
      int y = b.getByte(bs + k) & 0xFF;
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(al, bl);
  }

  static int compare(ArrowBuf a, long as, int al, byte[] c, long[] cw) {
    int min = Math.min(al, c.length);
    int k = 0;
    for (; k + 8 <= min; k += 8) {
      long x = a.getLong(as + k);
      long y = cw[k >>> 3];
      if (x != y) {
        int bit = Long.numberOfTrailingZeros(x ^ y) & ~7;
        return Integer.compare((int) (x >>> bit) & 0xFF, (int) (y >>> bit) & 0xFF);
      }
    }
    for (; k < min; k++) {
      int x = a.getByte(as + k) & 0xFF;
      int y = c[k] & 0xFF;
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(al, c.length);
  }

  static boolean equals(ArrowBuf a, long as, int al, byte[] c, long[] cw) {
    return al == c.length && regionEquals(a, as, c, cw, 0, al);
  }

  /** Whether bytes [as, as+len) of a equal c[cFrom, cFrom+len). {@code cw} are c's words (used when cFrom is 0). */
  static boolean regionEquals(ArrowBuf a, long as, byte[] c, long[] cw, int cFrom, int len) {
    int k = 0;
    if (cFrom == 0 && cw != null) {
      for (; k + 8 <= len; k += 8) {
        if (a.getLong(as + k) != cw[k >>> 3]) {
          return false;
        }
      }
    }
    for (; k < len; k++) {
      if (a.getByte(as + k) != c[cFrom + k]) {
        return false;
      }
    }
    return true;
  }

  static boolean equals(ArrowBuf a, long as, int al, ArrowBuf b, long bs, int bl) {
    if (al != bl) {
      return false;
    }
    int k = 0;
    for (; k + 8 <= al; k += 8) {
      if (a.getLong(as + k) != b.getLong(bs + k)) {
        return false;
      }
    }
    for (; k < al; k++) {
      if (a.getByte(as + k) != b.getByte(bs + k)) {
        return false;
      }
    }
    return true;
  }

  /** First index ≥ from (relative to start) where needle occurs in [start, start+len), or -1. */
  static int indexOf(ArrowBuf a, long start, int len, int from, byte[] needle, int nFrom, int nLen) {
    if (nLen == 0) {
      return from <= len ? from : -1;
    }
    byte first = needle[nFrom];
    int last = len - nLen;
    for (int i = from; i <= last; i++) {
      if (a.getByte(start + i) == first && regionEquals(a, start + i + 1, needle, null, nFrom + 1, nLen - 1)) {
        return i;
      }
    }
    return -1;
  }

  /** First index where needle b[bs, bs+bl) occurs in a[as, as+al), or -1. */
  static int indexOf(ArrowBuf a, long as, int al, ArrowBuf b, long bs, int bl) {
    if (bl == 0) {
      return 0;
    }
    byte first = b.getByte(bs);
    for (int i = 0; i + bl <= al; i++) {
      if (a.getByte(as + i) == first) {
        int k = 1;
        while (k < bl && a.getByte(as + i + k) == b.getByte(bs + k)) {
          k++;
        }
        if (k == bl) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Length in bytes of the UTF-8 sequence starting with lead byte b (1 for invalid bytes). */
  static int charLength(byte b) {
    int u = b & 0xFF;
    if (u < 0x80) {
      return 1;
    } else if (u >= 0xF0) {
      return 4;
    } else if (u >= 0xE0) {
      return 3;
    } else if (u >= 0xC0) {
      return 2;
    }
    return 1;
  }

  /** Number of code points in [start, start+len) (counts non-continuation bytes). */
  static int charCount(ArrowBuf a, long start, int len) {
    int count = 0;
    int k = 0;
    for (; k + 8 <= len; k += 8) {
      long x = a.getLong(start + k);
      // continuation bytes are 10xxxxxx: count bytes that are not
      long cont = x & ~(x << 1) & 0x8080808080808080L;
      count += 8 - Long.bitCount(cont);
    }
    for (; k < len; k++) {
      if ((a.getByte(start + k) & 0xC0) != 0x80) {
        count++;
      }
    }
    return count;
  }

  /** Byte offset (relative) after skipping {@code chars} code points from relative offset {@code from}, capped at len. */
  static int skipChars(ArrowBuf a, long start, int len, int from, long chars) {
    int p = from;
    while (chars > 0 && p < len) {
      p += charLength(a.getByte(start + p));
      chars--;
    }
    return Math.min(p, len);
  }
}
