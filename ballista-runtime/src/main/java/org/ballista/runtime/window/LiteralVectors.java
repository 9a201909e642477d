package org.ballista.runtime.window;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;

/** One-row vectors holding a literal (LAG/LEAD defaults); built once per stream, not per row. */
final class LiteralVectors {
  private LiteralVectors() {}

  /**
   * A one-row vector of {@code field}'s type holding {@code literal}'s value (converted to that
   * type), or {@code null} when the literal is absent or NULL. Owned by the caller.
   */
  static FieldVector oneRow(Field field, Expr.Literal literal, BufferAllocator allocator) {
    if (literal == null || literal.value() == null) {
      return null;
    }
    Object value = literal.value();
    FieldVector v = field.createVector(allocator);
    try {
      v.allocateNew();
      if (v instanceof IntVector iv) {
        iv.setSafe(0, ((Number) value).intValue());
      } else if (v instanceof BigIntVector bv) {
        bv.setSafe(0, ((Number) value).longValue());
      } else if (v instanceof Float8Vector fv) {
        fv.setSafe(0, ((Number) value).doubleValue());
      } else if (v instanceof DateDayVector dv) {
        dv.setSafe(0, value instanceof LocalDate d ? (int) d.toEpochDay() : ((Number) value).intValue());
      } else if (v instanceof DecimalVector dv) {
        BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        BigDecimal scaled = d.setScale(dv.getScale(), RoundingMode.HALF_UP);
        if (scaled.precision() > dv.getPrecision()) {
          throw BallistaException.execution("window: default value " + d + " does not fit " + field.getType());
        }
        dv.setSafe(0, scaled);
      } else if (v instanceof VarCharVector sv) {
        sv.setSafe(0, value.toString().getBytes(StandardCharsets.UTF_8));
      } else if (v instanceof BitVector bits) {
        bits.setSafe(0, Boolean.TRUE.equals(value) ? 1 : 0);
      } else {
        throw BallistaException.unsupported("window: default value of type " + field.getType());
      }
      v.setValueCount(1);
      return v;
    } catch (ClassCastException e) {
      v.close();
      throw BallistaException.internal("window: default value " + literal + " does not match " + field.getType(), e);
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }
}
