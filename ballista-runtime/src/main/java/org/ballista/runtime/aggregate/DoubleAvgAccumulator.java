package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.ballista.api.types.DataType;

/**
 * AVG of FLOAT64 values: a double sum and a count per group; NULL when the count is 0. State: the
 * FLOAT64 sum then the INT64 count; merge mode reads them at {@code argument} and {@code countColumn}.
 */
final class DoubleAvgAccumulator implements Accumulator {
  private final int argument;
  private final int countColumn;
  private final DataType resultType;
  private double[] sums = new double[0];
  private long[] counts = new long[0];

  DoubleAvgAccumulator(int argument, int countColumn, DataType resultType) {
    this.argument = argument;
    this.countColumn = countColumn;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (sums.length < groups) {
      int length = Accumulator.newLength(sums.length, groups);
      sums = Arrays.copyOf(sums, length);
      counts = Arrays.copyOf(counts, length);
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    double[] v = input.doubles(argument);
    long[] partialCounts = countColumn < 0 ? null : input.longs(countColumn);
    double[] s = sums;
    long[] c = counts;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      int g = groupIds[row];
      s[g] += v[row];
      c[g] += partialCounts == null ? 1 : partialCounts[row];
    }
  }

  @Override
  public int stateWidth() {
    return 2;
  }

  @Override
  public void writeState(FieldVector[] out, int first, int from, int count) {
    Float8Vector sumOut = (Float8Vector) out[first];
    BigIntVector countOut = (BigIntVector) out[first + 1];
    for (int i = 0; i < count; i++) {
      long c = counts[from + i];
      countOut.set(i, c);
      if (c != 0) {
        sumOut.set(i, sums[from + i]);
      }
    }
  }

  @Override
  public void writeFinal(FieldVector out, int from, int count) {
    double[] averages = new double[count];
    boolean[] valid = new boolean[count];
    for (int i = 0; i < count; i++) {
      long c = counts[from + i];
      if (c != 0) {
        averages[i] = sums[from + i] / c;
        valid[i] = true;
      }
    }
    ResultWriter.writeDoubles(out, resultType, averages, valid, 0, count, "AVG");
  }
}
