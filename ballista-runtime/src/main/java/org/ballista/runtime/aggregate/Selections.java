package org.ballista.runtime.aggregate;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Row selections: an {@code int[]} of row indexes plus a count, where a {@code null} array means
 * "all rows {@code [0, n)}".
 */
final class Selections {
  private Selections() {}

  /**
   * Whether any of rows {@code [0, n)} of {@code vector} is NULL: scans the validity bitmap a 64-bit
   * word at a time and stops at the first NULL (cheaper than {@code getNullCount()}).
   */
  static boolean hasNulls(FieldVector vector, int n) {
    if (n == 0) {
      return false;
    }
    ArrowBuf validity = vector.getValidityBuffer();
    int words = n >>> 6;
    for (int w = 0; w < words; w++) {
      if (validity.getLong((long) w << 3) != -1L) {
        return true;
      }
    }
    for (int i = words << 6; i < n; i++) {
      if ((validity.getByte(i >>> 3) & (1 << (i & 7))) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Rows among {@code sel[0, n)} where the BOOL {@code filter} is TRUE (not NULL, not FALSE); returns the count. */
  static int whereTrue(BitVector filter, int[] sel, int n, int[] out) {
    boolean nulls = hasNulls(filter, filter.getValueCount());
    var data = filter.getDataBuffer();
    int m = 0;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      int bit = (data.getByte(row >> 3) >> (row & 7)) & 1;
      if (bit != 0 && !(nulls && filter.isNull(row))) {
        out[m++] = row;
      }
    }
    return m;
  }

  /** Rows among {@code sel[0, n)} where {@code vector} is not NULL; returns the count. */
  static int nonNull(FieldVector vector, int[] sel, int n, int[] out) {
    int m = 0;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      if (!vector.isNull(row)) {
        out[m++] = row;
      }
    }
    return m;
  }
}
