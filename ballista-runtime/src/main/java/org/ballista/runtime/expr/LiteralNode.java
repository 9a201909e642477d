package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/**
 * A constant. Keeps the value in primitive form for the constant-aware kernels ({@link #longValue}
 * is the unscaled value for DECIMAL, days for DATE, millis/months for intervals) and materializes a
 * filled vector only when evaluated on its own.
 */
final class LiteralNode extends Node {
  final Object value;
  final boolean isNull;
  final long longValue;
  final double doubleValue;
  final boolean boolValue;
  final byte[] bytes;
  /** Whether a DECIMAL literal's unscaled value fits in a long (always true for other types). */
  final boolean fitsLong;

  LiteralNode(Object value, DataType type) {
    super(type);
    this.value = value;
    this.isNull = value == null;
    long l = 0;
    double d = 0;
    boolean b = false;
    byte[] s = null;
    boolean fits = true;
    if (value != null) {
      switch (TypeKind.of(type)) {
        case BOOL -> b = (Boolean) value;
        case INT32 -> l = ((Number) value).intValue();
        case INT64 -> l = ((Number) value).longValue();
        case INTERVAL_DAYS -> l = ((Number) value).longValue();
        case INTERVAL_MONTHS -> l = ((Number) value).longValue();
        case DATE -> l = value instanceof java.time.LocalDate d0 ? d0.toEpochDay() : ((Number) value).longValue();
        case FLOAT64 -> d = ((Number) value).doubleValue();
        case DECIMAL -> {
          BigDecimal v = toBigDecimal(value).setScale(TypeKind.scale(type), RoundingMode.HALF_UP);
          fits = v.unscaledValue().bitLength() <= 63;
          l = fits ? v.unscaledValue().longValue() : 0;
          d = v.doubleValue();
        }
        case UTF8 -> s = value.toString().getBytes(StandardCharsets.UTF_8);
        case NULL -> { }
      }
    }
    longValue = l;
    doubleValue = d;
    boolValue = b;
    bytes = s;
    fitsLong = fits;
  }

  static BigDecimal toBigDecimal(Object value) {
    if (value instanceof BigDecimal bd) {
      return bd;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    if (value instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    throw BallistaException.internal("not a numeric literal: " + value, null);
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    int n = ctx.rowCount();
    if (isNull) {
      return Results.allNull(type, n, ctx.allocator());
    }
    if (type instanceof DataType.Utf8) {
      Utf8Builder out = new Utf8Builder(ctx.allocator(), n, (long) bytes.length * n);
      try {
        for (int i = 0; i < n; i++) {
          out.append(bytes);
          out.endRow(i);
        }
        return out.finish(null, n);
      } finally {
        out.close();
      }
    }
    FieldVector v = Results.allocate(type, n, ctx.allocator());
    try {
      ArrowBuf data = v.getDataBuffer();
      switch (TypeKind.of(type)) {
        case BOOL -> {
          long[] w = boolValue ? Bitmaps.ones(n) : new long[Bitmaps.words(n)];
          Bitmaps.store(w, ((BitVector) v).getDataBuffer(), n);
        }
        case INT32 -> fillInt(data, n, (int) longValue);
        case DATE -> fillInt(data, n, (int) longValue);
        case INTERVAL_MONTHS -> fillInt(data, n, (int) longValue);
        case INT64 -> fillLong(data, n, longValue);
        case INTERVAL_DAYS -> fillLong(data, n, longValue);
        case FLOAT64 -> {
          for (int i = 0; i < n; i++) {
            data.setDouble((long) i << 3, doubleValue);
          }
        }
        case DECIMAL -> {
          DecimalVector dv = (DecimalVector) v;
          BigDecimal bd = toBigDecimal(value).setScale(TypeKind.scale(type), RoundingMode.HALF_UP);
          for (int i = 0; i < n; i++) {
            if (fitsLong) {
              data.setLong((long) i << 4, longValue);
              data.setLong(((long) i << 4) + 8, longValue < 0 ? -1L : 0L);
            } else {
              dv.set(i, bd);
            }
          }
        }
        default -> throw BallistaException.unsupported("literal of type " + type);
      }
      return Results.finish(v, null, n);
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  private static void fillInt(ArrowBuf data, int n, int value) {
    for (int i = 0; i < n; i++) {
      data.setInt((long) i << 2, value);
    }
  }

  private static void fillLong(ArrowBuf data, int n, long value) {
    for (int i = 0; i < n; i++) {
      data.setLong((long) i << 3, value);
    }
  }
}
