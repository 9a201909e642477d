package org.ballista.runtime.join;

import org.apache.arrow.memory.ArrowBuf;

/** Bit-level helpers over Arrow validity / boolean data buffers (LSB-first bit order). */
final class Bits {
  private Bits() {}

  static boolean get(ArrowBuf buf, int index) {
    return ((buf.getByte(index >>> 3) >>> (index & 7)) & 1) != 0;
  }

  static void set(ArrowBuf buf, int index) {
    long byteIndex = index >>> 3;
    buf.setByte(byteIndex, buf.getByte(byteIndex) | (1 << (index & 7)));
  }

  /**
   * ORs {@code count} bits of {@code src} starting at {@code srcStart} into {@code dst} starting at
   * {@code dstStart}; the destination range must be zero beforehand.
   */
  static void copy(ArrowBuf src, int srcStart, ArrowBuf dst, int dstStart, int count) {
    int k = 0;
    if (srcStart == 0 && (dstStart & 7) == 0) {
      int bytes = count >>> 3;
      if (bytes > 0) {
        dst.setBytes(dstStart >>> 3, src, 0, bytes);
      }
      k = bytes << 3;
    }
    for (; k < count; k++) {
      if (get(src, srcStart + k)) {
        set(dst, dstStart + k);
      }
    }
  }

  /** Sets {@code count} bits of {@code dst} to one starting at {@code dstStart}. */
  static void setRange(ArrowBuf dst, int dstStart, int count) {
    int k = 0;
    while (k < count && ((dstStart + k) & 7) != 0) {
      set(dst, dstStart + k);
      k++;
    }
    int bytes = (count - k) >>> 3;
    if (bytes > 0) {
      dst.setOne((long) ((dstStart + k) >>> 3), (long) bytes);
      k += bytes << 3;
    }
    for (; k < count; k++) {
      set(dst, dstStart + k);
    }
  }

  /** Number of bytes holding {@code bits} bits. */
  static int bytesFor(int bits) {
    return (bits + 7) >>> 3;
  }
}
