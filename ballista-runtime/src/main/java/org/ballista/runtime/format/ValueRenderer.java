package org.ballista.runtime.format;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Renders single cells of a result as text, the same way for every output format. Not a hot path:
 * it is used only to print results, and may box values.
 *
 * <ul>
 *   <li>BOOL: {@code true} / {@code false}
 *   <li>INT32, INT64: decimal digits
 *   <li>FLOAT64: {@link #formatDouble plain notation}, e.g. {@code 0.1}, {@code 2.0}, {@code 10000000000.0}
 *   <li>DECIMAL: {@link BigDecimal#toPlainString()} at the column's scale, e.g. {@code 0.05}, {@code -0.50}
 *   <li>DATE: ISO {@code yyyy-mm-dd}
 *   <li>UTF8: the string itself
 *   <li>NULL (and any null cell): Java {@code null}; each format decides how to show it
 * </ul>
 *
 * Other Arrow types (they do not occur in engine results) fall back to {@code getObject().toString()}.
 */
public final class ValueRenderer {
  /** Doubles with a magnitude in [1e-7, 1e21) are written without exponent. */
  private static final double PLAIN_MIN = 1e-7;
  private static final double PLAIN_MAX = 1e21;

  private ValueRenderer() {}

  /** The text of the value at {@code row}, or {@code null} when the value is NULL. */
  public static String render(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    switch (vector.getMinorType()) {
      case NULL:
        return null;
      case BIT:
        return ((BitVector) vector).get(row) != 0 ? "true" : "false";
      case INT:
        return Integer.toString(((IntVector) vector).get(row));
      case BIGINT:
        return Long.toString(((BigIntVector) vector).get(row));
      case FLOAT8:
        return formatDouble(((Float8Vector) vector).get(row));
      case FLOAT4:
        return formatDouble(((Float4Vector) vector).get(row));
      case DECIMAL:
        return ((DecimalVector) vector).getObject(row).toPlainString();
      case DECIMAL256:
        return ((BigDecimal) vector.getObject(row)).toPlainString();
      case DATEDAY:
        return LocalDate.ofEpochDay(((DateDayVector) vector).get(row)).toString();
      case DATEMILLI:
        return ((LocalDateTime) vector.getObject(row)).toLocalDate().toString();
      case VARCHAR:
        return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case LARGEVARCHAR:
        return new String(((LargeVarCharVector) vector).get(row), StandardCharsets.UTF_8);
      default:
        Object value = vector.getObject(row);
        return value == null ? null : value.toString();
    }
  }

  /** Whether values of this type are numbers: right-aligned in tables, bare numbers in JSON. */
  public static boolean isNumeric(ArrowType type) {
    return switch (type.getTypeID()) {
      case Int, FloatingPoint, Decimal -> true;
      default -> false;
    };
  }

  /** Whether values of this type are booleans (bare {@code true}/{@code false} in JSON). */
  public static boolean isBoolean(ArrowType type) {
    return type.getTypeID() == ArrowType.ArrowTypeID.Bool;
  }

  /**
   * A double in plain notation: the shortest digits that identify the value ({@link
   * Double#toString(double)}), with at least one fractional digit, and no exponent when the
   * magnitude is in [1e-7, 1e21) — {@code 1.0E10} becomes {@code 10000000000.0}, {@code 1.5E-5}
   * becomes {@code 0.000015}. Outside that range the exponent form is kept ({@code 1.0E-10}).
   * Non-finite values are {@code NaN}, {@code Infinity} and {@code -Infinity}.
   */
  public static String formatDouble(double value) {
    String s = Double.toString(value);
    double abs = Math.abs(value);
    if (Double.isNaN(value) || Double.isInfinite(value) || s.indexOf('E') < 0 || abs < PLAIN_MIN || abs >= PLAIN_MAX) {
      return s;
    }
    String plain = new BigDecimal(s).toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  /** Whether {@code text}, as produced by {@link #render}, is a finite number JSON accepts as is. */
  static boolean isJsonNumber(String text) {
    return !text.equals("NaN") && !text.equals("Infinity") && !text.equals("-Infinity");
  }
}
