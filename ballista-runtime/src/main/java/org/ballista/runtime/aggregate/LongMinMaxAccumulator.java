package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/**
 * MIN / MAX / ANY_VALUE of values read as longs (INT32, INT64, DATE, DECIMAL unscaled, BOOL as
 * 0/1). NULL for a group with no non-NULL input. State: the value, of the call's type. Merging
 * partial states is the same operation.
 */
final class LongMinMaxAccumulator implements Accumulator {
  private final int argument;
  private final Extremum kind;
  private final int inputScale;
  private final DataType resultType;
  private long[] values = new long[0];
  private boolean[] seen = new boolean[0];

  LongMinMaxAccumulator(int argument, Extremum kind, int inputScale, DataType resultType) {
    this.argument = argument;
    this.kind = kind;
    this.inputScale = inputScale;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (values.length < groups) {
      int old = values.length;
      int length = Accumulator.newLength(old, groups);
      values = Arrays.copyOf(values, length);
      seen = Arrays.copyOf(seen, length);
      if (kind == Extremum.MIN) {
        Arrays.fill(values, old, length, Long.MAX_VALUE);
      } else if (kind == Extremum.MAX) {
        Arrays.fill(values, old, length, Long.MIN_VALUE);
      }
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    long[] v = input.longs(argument);
    long[] m = values;
    boolean[] f = seen;
    switch (kind) {
      case MIN -> {
        if (sel == null) {
          for (int i = 0; i < n; i++) {
            int g = groupIds[i];
            m[g] = Math.min(m[g], v[i]);
            f[g] = true;
          }
        } else {
          for (int j = 0; j < n; j++) {
            int row = sel[j];
            int g = groupIds[row];
            m[g] = Math.min(m[g], v[row]);
            f[g] = true;
          }
        }
      }
      case MAX -> {
        if (sel == null) {
          for (int i = 0; i < n; i++) {
            int g = groupIds[i];
            m[g] = Math.max(m[g], v[i]);
            f[g] = true;
          }
        } else {
          for (int j = 0; j < n; j++) {
            int row = sel[j];
            int g = groupIds[row];
            m[g] = Math.max(m[g], v[row]);
            f[g] = true;
          }
        }
      }
      case ANY -> {
        for (int j = 0; j < n; j++) {
          int row = sel == null ? j : sel[j];
          int g = groupIds[row];
          if (!f[g]) {
            m[g] = v[row];
            f[g] = true;
          }
        }
      }
      default -> throw new IllegalStateException(kind.name());
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
    ResultWriter.writeLongs(out, resultType, values, seen, from, count, inputScale, kind.name());
  }
}
