package org.ballista.runtime.window;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.plan.SortKey;

/**
 * Where the window partitions and the peer groups (rows equal in the order keys) of the buffered,
 * sorted rows start and end. Rows are global ids {@code 0 .. rowCount-1} in input order.
 *
 * <p>{@code partitionStarts[k]} is the first row of partition k, with {@code
 * partitionStarts[partitionCount] == rowCount}; {@code peerStart[i]} / {@code peerEnd[i]} bound the
 * peer group of row i (end exclusive), or are {@code null} when peers were not asked for. Without
 * order keys every row of a partition is a peer.
 */
final class Boundaries {
  final int rowCount;
  final int partitionCount;
  final int[] partitionStarts;
  final int[] peerStart;
  final int[] peerEnd;

  private Boundaries(int rowCount, int partitionCount, int[] partitionStarts, int[] peerStart, int[] peerEnd) {
    this.rowCount = rowCount;
    this.partitionCount = partitionCount;
    this.partitionStarts = partitionStarts;
    this.peerStart = peerStart;
    this.peerEnd = peerEnd;
  }

  /** Finds the boundaries by comparing each row's keys with the previous row's (NULLs equal each other). */
  static Boundaries compute(List<VectorSchemaRoot> batches, int rowCount, int[] partitionKeys, List<SortKey> orderKeys,
      boolean peers) {
    boolean[] breaks = new boolean[rowCount];
    for (int key : partitionKeys) {
      ColumnValues.read(batches, key, rowCount).markChanges(breaks, rowCount);
    }
    int partitions = 0;
    int[] starts = new int[16];
    for (int i = 0; i < rowCount; i++) {
      if (i == 0 || breaks[i]) {
        if (partitions + 1 >= starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
        }
        starts[partitions++] = i;
      }
    }
    starts[partitions] = rowCount;
    int[] partitionStarts = Arrays.copyOf(starts, partitions + 1);
    if (!peers) {
      return new Boundaries(rowCount, partitions, partitionStarts, null, null);
    }
    for (SortKey key : orderKeys) {
      ColumnValues.read(batches, key.column(), rowCount).markChanges(breaks, rowCount);
    }
    int[] peerStart = new int[rowCount];
    int[] peerEnd = new int[rowCount];
    int groupStart = 0;
    for (int i = 1; i <= rowCount; i++) {
      if (i == rowCount || breaks[i]) {
        for (int j = groupStart; j < i; j++) {
          peerStart[j] = groupStart;
          peerEnd[j] = i;
        }
        groupStart = i;
      }
    }
    return new Boundaries(rowCount, partitions, partitionStarts, peerStart, peerEnd);
  }
}
