package org.ballista.tpch;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads one Arrow cell as a plain Java value, for result checking and printing (a slow path: one
 * object per cell). DECIMAL → BigDecimal, DATE → LocalDate, VARCHAR → String, integers → Long,
 * floating point → Double, BOOLEAN → Boolean, NULL → null; other vectors → {@code getObject}.
 */
public final class ArrowValues {
  private ArrowValues() {}

  public static Object get(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(row);
    }
    if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(row));
    }
    if (vector instanceof DateMilliVector v) {
      return LocalDate.ofEpochDay(Math.floorDiv(v.get(row), 86_400_000L));
    }
    if (vector instanceof VarCharVector v) {
      return new String(v.get(row), StandardCharsets.UTF_8);
    }
    if (vector instanceof LargeVarCharVector v) {
      return new String(v.get(row), StandardCharsets.UTF_8);
    }
    if (vector instanceof BigIntVector v) {
      return v.get(row);
    }
    if (vector instanceof IntVector v) {
      return (long) v.get(row);
    }
    if (vector instanceof SmallIntVector v) {
      return (long) v.get(row);
    }
    if (vector instanceof TinyIntVector v) {
      return (long) v.get(row);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(row);
    }
    if (vector instanceof Float4Vector v) {
      return (double) v.get(row);
    }
    if (vector instanceof BitVector v) {
      return v.get(row) != 0;
    }
    return vector.getObject(row);
  }
}
