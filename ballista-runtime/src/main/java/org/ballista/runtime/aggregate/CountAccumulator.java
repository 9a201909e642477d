package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/**
 * COUNT: counts the selected rows per group, or (merge mode, FINAL) adds up the INT64 partial
 * counts of column {@code argument}. Never NULL: a group with no rows counts 0. State: INT64 count.
 */
final class CountAccumulator implements Accumulator {
  private final int argument;
  private final boolean merge;
  private final DataType resultType;
  private long[] counts = new long[0];

  CountAccumulator(int argument, boolean merge, DataType resultType) {
    this.argument = argument;
    this.merge = merge;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (counts.length < groups) {
      counts = Arrays.copyOf(counts, Accumulator.newLength(counts.length, groups));
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    long[] c = counts;
    if (merge) {
      long[] v = input.longs(argument);
      if (sel == null) {
        for (int i = 0; i < n; i++) {
          c[groupIds[i]] += v[i];
        }
      } else {
        for (int j = 0; j < n; j++) {
          int row = sel[j];
          c[groupIds[row]] += v[row];
        }
      }
    } else if (sel == null) {
      for (int i = 0; i < n; i++) {
        c[groupIds[i]]++;
      }
    } else {
      for (int j = 0; j < n; j++) {
        c[groupIds[sel[j]]]++;
      }
    }
  }

  @Override
  public int stateWidth() {
    return 1;
  }

  @Override
  public void writeState(FieldVector[] out, int first, int from, int count) {
    BigIntVector v = (BigIntVector) out[first];
    for (int i = 0; i < count; i++) {
      v.set(i, counts[from + i]);
    }
  }

  @Override
  public void writeFinal(FieldVector out, int from, int count) {
    ResultWriter.writeLongs(out, resultType, counts, null, from, count, 0, "COUNT");
  }
}
