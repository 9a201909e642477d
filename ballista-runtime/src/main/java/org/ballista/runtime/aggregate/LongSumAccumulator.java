package org.ballista.runtime.aggregate;

import org.ballista.runtime.vector.DecimalMath;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/**
 * SUM of INT32/INT64/DECIMAL values as a scaled long per group, with an overflow check (EXECUTION
 * error "overflow"). NULL for a group with no non-NULL input. The same code merges partial sums
 * (FINAL). State: the sum, of the call's type.
 */
final class LongSumAccumulator implements Accumulator {
  private final int argument;
  private final int inputScale;
  private final DataType resultType;
  private long[] sums = new long[0];
  private final SeenFlags seen = new SeenFlags();

  LongSumAccumulator(int argument, int inputScale, DataType resultType) {
    this.argument = argument;
    this.inputScale = inputScale;
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
    long[] v = input.longs(argument);
    long[] s = sums;
    try {
      if (sel == null && seen.markAllIfDense()) {
        for (int i = 0; i < n; i++) {
          int g = groupIds[i];
          s[g] = Math.addExact(s[g], v[i]);
        }
      } else if (sel == null) {
        boolean[] f = seen.array();
        for (int i = 0; i < n; i++) {
          int g = groupIds[i];
          s[g] = Math.addExact(s[g], v[i]);
          f[g] = true;
        }
      } else {
        boolean[] f = seen.array();
        for (int j = 0; j < n; j++) {
          int row = sel[j];
          int g = groupIds[row];
          s[g] = Math.addExact(s[g], v[row]);
          f[g] = true;
        }
      }
    } catch (ArithmeticException e) {
      throw DecimalMath.overflow("SUM");
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
    ResultWriter.writeLongs(out, resultType, sums, seen.materialize(), from, count, inputScale, "SUM");
  }
}
