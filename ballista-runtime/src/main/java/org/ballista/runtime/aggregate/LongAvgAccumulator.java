package org.ballista.runtime.aggregate;

import org.ballista.runtime.vector.DecimalMath;
import java.util.Arrays;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * AVG of INT32/INT64/DECIMAL values: a scaled long sum (overflow-checked) and a count per group.
 * The final value has the call's type: DECIMAL(p, t) is {@code sum / count} rounded half-up to scale
 * t in long arithmetic; FLOAT64 is the double quotient; INT32/INT64 truncate toward zero. NULL when
 * the count is 0.
 *
 * <p>State (PARTIAL): the sum (DECIMAL(38, s) for DECIMAL input of scale s, INT64 for integer
 * input), then the INT64 count. In merge mode (FINAL) it reads the sum at {@code argument} and the
 * count at {@code countColumn}.
 */
final class LongAvgAccumulator implements Accumulator {
  private final int argument;
  private final int countColumn;
  private final int inputScale;
  private final DataType resultType;
  /** Interleaved per group: {@code state[2g]} the sum, {@code state[2g + 1]} the count (one cache line). */
  private long[] state = new long[0];

  /** {@code countColumn} is -1 for raw input (each selected row counts 1). */
  LongAvgAccumulator(int argument, int countColumn, int inputScale, DataType resultType) {
    this.argument = argument;
    this.countColumn = countColumn;
    this.inputScale = inputScale;
    this.resultType = resultType;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (state.length < 2L * groups) {
      state = Arrays.copyOf(state, 2 * Accumulator.newLength(state.length / 2, groups));
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    long[] v = input.longs(argument);
    long[] s = state;
    try {
      if (countColumn < 0) {
        if (sel == null) {
          for (int i = 0; i < n; i++) {
            int g = groupIds[i] << 1;
            s[g] = Math.addExact(s[g], v[i]);
            s[g + 1]++;
          }
        } else {
          for (int j = 0; j < n; j++) {
            int row = sel[j];
            int g = groupIds[row] << 1;
            s[g] = Math.addExact(s[g], v[row]);
            s[g + 1]++;
          }
        }
      } else {
        long[] partialCounts = input.longs(countColumn);
        for (int j = 0; j < n; j++) {
          int row = sel == null ? j : sel[j];
          int g = groupIds[row] << 1;
          s[g] = Math.addExact(s[g], v[row]);
          s[g + 1] += partialCounts[row];
        }
      }
    } catch (ArithmeticException e) {
      throw DecimalMath.overflow("AVG");
    }
  }

  @Override
  public int stateWidth() {
    return 2;
  }

  @Override
  public void writeState(FieldVector[] out, int first, int from, int count) {
    FieldVector sumOut = out[first];
    BigIntVector countOut = (BigIntVector) out[first + 1];
    for (int i = 0; i < count; i++) {
      long c = state[2 * (from + i) + 1];
      countOut.set(i, c);
      if (c == 0) {
        continue;
      }
      if (sumOut instanceof DecimalVector d) {
        DecimalVectors.setLong(d, i, state[2 * (from + i)]);
      } else {
        ((BigIntVector) sumOut).set(i, state[2 * (from + i)]);
      }
    }
  }

  @Override
  public void writeFinal(FieldVector out, int from, int count) {
    if (resultType instanceof DataType.Decimal d) {
      DecimalVector v = (DecimalVector) out;
      int scale = d.scale();
      for (int i = 0; i < count; i++) {
        long c = state[2 * (from + i) + 1];
        if (c != 0) {
          DecimalVectors.setLong(v, i, DecimalMath.average(state[2 * (from + i)], inputScale, c, scale));
        }
      }
    } else if (resultType instanceof DataType.Float64) {
      org.apache.arrow.vector.Float8Vector v = (org.apache.arrow.vector.Float8Vector) out;
      double divisor = Math.pow(10, inputScale);
      for (int i = 0; i < count; i++) {
        long c = state[2 * (from + i) + 1];
        if (c != 0) {
          v.set(i, state[2 * (from + i)] / divisor / c);
        }
      }
    } else {
      long[] quotients = new long[count];
      boolean[] valid = new boolean[count];
      long divisor = DecimalVectors.powerOfTen(Math.min(inputScale, 18));
      for (int i = 0; i < count; i++) {
        long c = state[2 * (from + i) + 1];
        if (c != 0) {
          quotients[i] = state[2 * (from + i)] / divisor / c;
          valid[i] = true;
        }
      }
      ResultWriter.writeLongs(out, resultType, quotients, valid, 0, count, 0, "AVG");
    }
  }
}
