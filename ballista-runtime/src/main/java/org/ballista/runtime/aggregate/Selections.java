package org.ballista.runtime.aggregate;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Row selections: an {@code int[]} of row indexes plus a count, where a {@code null} array means
 * "all rows {@code [0, n)}".
 */
final class Selections {
  private Selections() {}

  /** Rows among {@code sel[0, n)} where the BOOL {@code filter} is TRUE (not NULL, not FALSE); returns the count. */
  static int whereTrue(BitVector filter, int[] sel, int n, int[] out) {
    boolean nulls = filter.getNullCount() > 0;
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
