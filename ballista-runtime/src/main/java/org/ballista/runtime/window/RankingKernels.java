package org.ballista.runtime.window;

import org.ballista.api.BallistaException;

/**
 * ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG and LEAD over the partition
 * and peer boundaries. Linear, primitive arrays only.
 */
final class RankingKernels {
  private RankingKernels() {}

  static WindowColumn.Longs rowNumber(Boundaries b) {
    long[] out = new long[b.rowCount];
    forEachPartition(b, (ps, pe) -> {
      for (int i = ps; i < pe; i++) {
        out[i] = i - ps + 1;
      }
    });
    return new WindowColumn.Longs(out, null);
  }

  static WindowColumn.Longs rank(Boundaries b) {
    long[] out = new long[b.rowCount];
    int[] peerStart = b.peerStart;
    forEachPartition(b, (ps, pe) -> {
      for (int i = ps; i < pe; i++) {
        out[i] = peerStart[i] - ps + 1;
      }
    });
    return new WindowColumn.Longs(out, null);
  }

  static WindowColumn.Longs denseRank(Boundaries b) {
    long[] out = new long[b.rowCount];
    int[] peerStart = b.peerStart;
    forEachPartition(b, (ps, pe) -> {
      long rank = 0;
      for (int i = ps; i < pe; i++) {
        if (peerStart[i] == i) {
          rank++;
        }
        out[i] = rank;
      }
    });
    return new WindowColumn.Longs(out, null);
  }

  /** (rank - 1) / (rows - 1), 0 for a one-row partition. */
  static WindowColumn.Doubles percentRank(Boundaries b) {
    double[] out = new double[b.rowCount];
    int[] peerStart = b.peerStart;
    forEachPartition(b, (ps, pe) -> {
      double denominator = pe - ps - 1;
      for (int i = ps; i < pe; i++) {
        out[i] = denominator == 0 ? 0.0 : (peerStart[i] - ps) / denominator;
      }
    });
    return new WindowColumn.Doubles(out, null);
  }

  /** Rows up to and including the current row's last peer / rows of the partition. */
  static WindowColumn.Doubles cumeDist(Boundaries b) {
    double[] out = new double[b.rowCount];
    int[] peerEnd = b.peerEnd;
    forEachPartition(b, (ps, pe) -> {
      double rows = pe - ps;
      for (int i = ps; i < pe; i++) {
        out[i] = (peerEnd[i] - ps) / rows;
      }
    });
    return new WindowColumn.Doubles(out, null);
  }

  /**
   * NTILE(buckets): bucket numbers 1..buckets as even as possible, the first {@code rows % buckets}
   * buckets one row larger.
   */
  static WindowColumn.Longs ntile(Boundaries b, int buckets) {
    if (buckets < 1) {
      throw BallistaException.execution("window: NTILE bucket count must be positive, got " + buckets);
    }
    long[] out = new long[b.rowCount];
    forEachPartition(b, (ps, pe) -> {
      long rows = pe - ps;
      long small = rows / buckets;
      long large = small + 1;
      long largeRows = (rows % buckets) * large;
      for (int i = ps; i < pe; i++) {
        long k = i - ps;
        out[i] = k < largeRows ? k / large + 1 : (rows % buckets) + (k - largeRows) / small + 1;
      }
    });
    return new WindowColumn.Longs(out, null);
  }

  /**
   * LAG ({@code lead} false) or LEAD: references to the row {@code offset} rows back or ahead in
   * the partition, {@link WindowColumn.Refs#DEFAULT} outside it.
   */
  static int[] lagLead(Boundaries b, int offset, boolean lead) {
    int[] refs = new int[b.rowCount];
    forEachPartition(b, (ps, pe) -> {
      for (int i = ps; i < pe; i++) {
        long target = lead ? (long) i + offset : (long) i - offset;
        refs[i] = target >= ps && target < pe ? (int) target : WindowColumn.Refs.DEFAULT;
      }
    });
    return refs;
  }

  interface PartitionBody {
    void apply(int start, int end);
  }

  static void forEachPartition(Boundaries b, PartitionBody body) {
    int[] starts = b.partitionStarts;
    for (int p = 0; p < b.partitionCount; p++) {
      body.apply(starts[p], starts[p + 1]);
    }
  }
}
