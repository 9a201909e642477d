package org.ballista.runtime.aggregate;

import org.ballista.runtime.vector.DecimalMath;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/** Writes per-group primitive results into output vectors of the engine's types. */
final class ResultWriter {
  private ResultWriter() {}

  /**
   * Writes {@code values[from + i]} (of scale {@code valueScale}) as row {@code i} of {@code out}
   * of type {@code type}, skipping groups whose {@code valid} flag is false ({@code valid} null: all
   * valid). DECIMAL results are rescaled exactly (half-up when scaling down).
   */
  static void writeLongs(FieldVector out, DataType type, long[] values, boolean[] valid, int from, int count,
      int valueScale, String what) {
    if (type instanceof DataType.Int64 || type instanceof DataType.IntervalDays) {
      BigIntVector v = (BigIntVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, DecimalMath.rescale(values[from + i], valueScale, 0, what));
        }
      }
    } else if (type instanceof DataType.Decimal d) {
      DecimalVector v = (DecimalVector) out;
      int scale = d.scale();
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          DecimalVectors.setLong(v, i, DecimalMath.rescale(values[from + i], valueScale, scale, what));
        }
      }
    } else if (type instanceof DataType.Int32 || type instanceof DataType.IntervalMonths) {
      IntVector v = (IntVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          long x = DecimalMath.rescale(values[from + i], valueScale, 0, what);
          if (x != (int) x) {
            throw DecimalMath.overflow(what);
          }
          v.set(i, (int) x);
        }
      }
    } else if (type instanceof DataType.Date) {
      DateDayVector v = (DateDayVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, (int) values[from + i]);
        }
      }
    } else if (type instanceof DataType.Float64) {
      Float8Vector v = (Float8Vector) out;
      double divisor = Math.pow(10, valueScale);
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, values[from + i] / divisor);
        }
      }
    } else if (type instanceof DataType.Bool) {
      BitVector v = (BitVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, (int) values[from + i]);
        }
      }
    } else {
      throw BallistaException.unsupported("aggregation: cannot write " + what + " as " + type);
    }
  }

  /** Like {@link #writeLongs} for double values (DECIMAL results rounded to their scale). */
  static void writeDoubles(FieldVector out, DataType type, double[] values, boolean[] valid, int from, int count,
      String what) {
    if (type instanceof DataType.Float64) {
      Float8Vector v = (Float8Vector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, values[from + i]);
        }
      }
    } else if (type instanceof DataType.Decimal d) {
      DecimalVector v = (DecimalVector) out;
      double factor = Math.pow(10, d.scale());
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          DecimalVectors.setLong(v, i, Math.round(values[from + i] * factor));
        }
      }
    } else if (type instanceof DataType.Int64) {
      BigIntVector v = (BigIntVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, (long) values[from + i]);
        }
      }
    } else if (type instanceof DataType.Int32) {
      IntVector v = (IntVector) out;
      for (int i = 0; i < count; i++) {
        if (valid == null || valid[from + i]) {
          v.set(i, (int) values[from + i]);
        }
      }
    } else {
      throw BallistaException.unsupported("aggregation: cannot write " + what + " as " + type);
    }
  }
}
