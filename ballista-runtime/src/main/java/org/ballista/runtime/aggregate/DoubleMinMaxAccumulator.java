package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/**
 * MIN / MAX / ANY_VALUE of FLOAT64 values, ordered like {@link Double#compare} (-0.0 below 0.0,
 * NaN above everything). NULL for a group with no non-NULL input. State: the value.
 */
final class DoubleMinMaxAccumulator implements Accumulator {
  private final int argument;
  private final Extremum kind;
  private final DataType resultType;
  private double[] values = new double[0];
  private boolean[] seen = new boolean[0];

  DoubleMinMaxAccumulator(int argument, Extremum kind, DataType resultType) {
    this.argument = argument;
    this.kind = kind;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (values.length < groups) {
      int length = Accumulator.newLength(values.length, groups);
      values = Arrays.copyOf(values, length);
      seen = Arrays.copyOf(seen, length);
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    double[] v = input.doubles(argument);
    double[] m = values;
    boolean[] f = seen;
    int sign = kind == Extremum.MIN ? 1 : kind == Extremum.MAX ? -1 : 0;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      int g = groupIds[row];
      double x = v[row];
      if (!f[g] || Double.compare(x, m[g]) * sign < 0) {
        m[g] = x;
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
    ResultWriter.writeDoubles(out, resultType, values, seen, from, count, kind.name());
  }
}
