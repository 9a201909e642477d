package org.ballista.api.types;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The logical types the engine executes. Each maps to exactly one Arrow vector type:
 *
 * <ul>
 *   <li>{@link Bool} → BitVector
 *   <li>{@link Int32} → IntVector, {@link Int64} → BigIntVector
 *   <li>{@link Float64} → Float8Vector
 *   <li>{@link Decimal} → DecimalVector (128-bit storage). When precision ≤ 18 the value fits in the
 *       low 64 bits, and operators read and write it as a scaled {@code long}.
 *   <li>{@link Date} → DateDayVector (days since 1970-01-01)
 *   <li>{@link Utf8} → VarCharVector
 *   <li>{@link IntervalDays} → BigIntVector of milliseconds, {@link IntervalMonths} → IntVector of
 *       months (only as literals or intermediate values; never stored in tables)
 *   <li>{@link Null} → NullVector
 * </ul>
 */
public sealed interface DataType {
  ArrowType toArrow();

  record Bool() implements DataType {
    public ArrowType toArrow() { return ArrowType.Bool.INSTANCE; }
    public String toString() { return "BOOLEAN"; }
  }

  record Int32() implements DataType {
    public ArrowType toArrow() { return new ArrowType.Int(32, true); }
    public String toString() { return "INTEGER"; }
  }

  record Int64() implements DataType {
    public ArrowType toArrow() { return new ArrowType.Int(64, true); }
    public String toString() { return "BIGINT"; }
  }

  record Float64() implements DataType {
    public ArrowType toArrow() { return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE); }
    public String toString() { return "DOUBLE"; }
  }

  record Decimal(int precision, int scale) implements DataType {
    public Decimal {
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        throw new IllegalArgumentException("invalid DECIMAL(" + precision + "," + scale + ")");
      }
    }
    public ArrowType toArrow() { return new ArrowType.Decimal(precision, scale, 128); }
    /** Whether the unscaled value always fits in a {@code long}. */
    public boolean fitsInLong() { return precision <= 18; }
    public String toString() { return "DECIMAL(" + precision + "," + scale + ")"; }
  }

  record Date() implements DataType {
    public ArrowType toArrow() { return new ArrowType.Date(DateUnit.DAY); }
    public String toString() { return "DATE"; }
  }

  record Utf8() implements DataType {
    public ArrowType toArrow() { return ArrowType.Utf8.INSTANCE; }
    public String toString() { return "VARCHAR"; }
  }

  /** A day-time interval, in milliseconds. */
  record IntervalDays() implements DataType {
    public ArrowType toArrow() { return new ArrowType.Int(64, true); }
    public String toString() { return "INTERVAL DAY"; }
  }

  /** A year-month interval, in months. */
  record IntervalMonths() implements DataType {
    public ArrowType toArrow() { return new ArrowType.Int(32, true); }
    public String toString() { return "INTERVAL MONTH"; }
  }

  record Null() implements DataType {
    public ArrowType toArrow() { return ArrowType.Null.INSTANCE; }
    public String toString() { return "NULL"; }
  }

  DataType BOOL = new Bool();
  DataType INT32 = new Int32();
  DataType INT64 = new Int64();
  DataType FLOAT64 = new Float64();
  DataType DATE = new Date();
  DataType UTF8 = new Utf8();
  DataType NULL = new Null();
  DataType INTERVAL_DAYS = new IntervalDays();
  DataType INTERVAL_MONTHS = new IntervalMonths();

  static Decimal decimal(int precision, int scale) {
    return new Decimal(precision, scale);
  }

  default boolean isNumeric() {
    return this instanceof Int32 || this instanceof Int64 || this instanceof Float64 || this instanceof Decimal;
  }

  /** Maps an Arrow type read from a file or batch to the engine's type. */
  static DataType fromArrow(ArrowType type) {
    return switch (type.getTypeID()) {
      case Bool -> BOOL;
      case Int -> {
        ArrowType.Int i = (ArrowType.Int) type;
        if (!i.getIsSigned() && i.getBitWidth() >= 32) {
          yield INT64;
        }
        yield i.getBitWidth() <= 32 ? INT32 : INT64;
      }
      case FloatingPoint -> FLOAT64;
      case Decimal -> {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        yield decimal(d.getPrecision(), d.getScale());
      }
      case Date -> DATE;
      case Utf8, LargeUtf8 -> UTF8;
      case Null -> NULL;
      case Interval -> ((ArrowType.Interval) type).getUnit() == IntervalUnit.YEAR_MONTH ? INTERVAL_MONTHS : INTERVAL_DAYS;
      default -> throw new org.ballista.api.BallistaException(
          org.ballista.api.BallistaException.Kind.UNSUPPORTED, "unsupported Arrow type " + type);
    };
  }
}
