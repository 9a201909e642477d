package org.ballista.runtime.aggregate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** 64-bit hash functions for the aggregation hash tables (stateless, allocation-free). */
final class Hashing {
  private Hashing() {}

  private static final long K1 = 0x9E3779B97F4A7C15L;
  private static final long K2 = 0xC2B2AE3D27D4EB4FL;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A strong finalizer (murmur3's fmix64): every input bit affects every output bit. */
  static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** Hash of one key word plus a null mask. */
  static long hash1(long word, int nullMask) {
    return mix(word ^ ((long) nullMask * K2));
  }

  /** Hash of {@code width} words starting at {@code words[from]} plus a null mask. */
  static long hashWords(long[] words, int from, int width, int nullMask) {
    long h = K1 ^ ((long) nullMask * K2);
    for (int w = 0; w < width; w++) {
      h = (h ^ words[from + w]) * K1;
      h ^= h >>> 29;
    }
    return mix(h);
  }

  /** Hash of {@code bytes[from, from + length)}. */
  static long hashBytes(byte[] bytes, int from, int length) {
    long h = K2 ^ ((long) length * K1);
    int i = from;
    int end = from + length;
    while (end - i >= 8) {
      long k = (long) LONGS.get(bytes, i);
      h = Long.rotateLeft(h ^ (k * K1), 31) * K2;
      i += 8;
    }
    if (i < end) {
      long k = 0;
      int shift = 0;
      while (i < end) {
        k |= (bytes[i] & 0xFFL) << shift;
        shift += 8;
        i++;
      }
      h = Long.rotateLeft(h ^ (k * K1), 31) * K2;
    }
    return mix(h);
  }
}
