package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/**
 * A heap copy of one batch of a {@link VarCharVector}: {@code bytes} holds the values back to back,
 * the value of row {@code i} is {@code bytes[offsets[i], offsets[i + 1])}. Copying once per batch
 * (one bulk copy of the data buffer) lets the hash loops work on plain arrays. The arrays are reused
 * across {@link #load} calls.
 */
final class StringColumn {
  int[] offsets = new int[1025];
  byte[] bytes = new byte[8192];

  /** Copies rows {@code [0, rowCount)} of {@code vector}. */
  void load(VarCharVector vector, int rowCount) {
    if (offsets.length < rowCount + 1) {
      offsets = new int[Math.max(rowCount + 1, offsets.length * 2)];
    }
    if (rowCount == 0) {
      offsets[0] = 0;
      return;
    }
    ArrowBuf offsetBuffer = vector.getOffsetBuffer();
    int base = offsetBuffer.getInt(0);
    int end = offsetBuffer.getInt((long) rowCount * VarCharVector.OFFSET_WIDTH);
    int[] o = offsets;
    for (int i = 0; i <= rowCount; i++) {
      o[i] = offsetBuffer.getInt((long) i * VarCharVector.OFFSET_WIDTH) - base;
    }
    int length = end - base;
    if (bytes.length < length + 8) { // 8 bytes of slack for word-at-a-time reads
      bytes = new byte[Math.max(length + 8, bytes.length * 2)];
    }
    if (length > 0) {
      vector.getDataBuffer().getBytes(base, bytes, 0, length);
    }
  }

  static byte[] grow(byte[] array, long need) {
    if (need <= array.length) {
      return array;
    }
    return Arrays.copyOf(array, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, array.length * 2L)));
  }
}
