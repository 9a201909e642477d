package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/** SUM of FLOAT64 values per group (NULL when no non-NULL input); also merges partial sums. */
final class DoubleSumAccumulator implements Accumulator {
  private final int argument;
  private final DataType resultType;
  private double[] sums = new double[0];
  private final SeenFlags seen = new SeenFlags();

  DoubleSumAccumulator(int argument, DataType resultType) {
    this.argument = argument;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (sums.length < groups) {
      int length = Accumulator.newLength(sums.length, groups);
      sums = Arrays.copyOf(sums, length);
    }
    seen.ensureCapacity(groups);
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    double[] v = input.doubles(argument);
    double[] s = sums;
    if (sel == null && seen.markAllIfDense()) {
      for (int i = 0; i < n; i++) {
        s[groupIds[i]] += v[i];
      }
    } else if (sel == null) {
      boolean[] f = seen.array();
      for (int i = 0; i < n; i++) {
        int g = groupIds[i];
        s[g] += v[i];
        f[g] = true;
      }
    } else {
      boolean[] f = seen.array();
      for (int j = 0; j < n; j++) {
        int row = sel[j];
        int g = groupIds[row];
        s[g] += v[row];
        f[g] = true;
      }
    }
  }

  @Override
  public int stateWidth() {
    return 1;
  }

  @Override
  public void writeState(FieldVector[] out, int first, int from, int count) {
    writeFinal(out[first], from, count);
  }

  @Override
  public void writeFinal(FieldVector out, int from, int count) {
    ResultWriter.writeDoubles(out, resultType, sums, seen.materialize(), from, count, "SUM");
  }
}
