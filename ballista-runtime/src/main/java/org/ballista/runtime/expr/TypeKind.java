package org.ballista.runtime.expr;

import org.ballista.api.types.DataType;

/** The engine's types as an enum, for switches (Java 17 has no pattern switch on sealed types). */
enum TypeKind {
  BOOL, INT32, INT64, FLOAT64, DECIMAL, DATE, UTF8, INTERVAL_DAYS, INTERVAL_MONTHS, NULL;

  static TypeKind of(DataType t) {
    if (t instanceof DataType.Bool) {
      return BOOL;
    } else if (t instanceof DataType.Int32) {
      return INT32;
    } else if (t instanceof DataType.Int64) {
      return INT64;
    } else if (t instanceof DataType.Float64) {
      return FLOAT64;
    } else if (t instanceof DataType.Decimal) {
      return DECIMAL;
    } else if (t instanceof DataType.Date) {
      return DATE;
    } else if (t instanceof DataType.Utf8) {
      return UTF8;
    } else if (t instanceof DataType.IntervalDays) {
      return INTERVAL_DAYS;
    } else if (t instanceof DataType.IntervalMonths) {
      return INTERVAL_MONTHS;
    }
    return NULL;
  }

  /** Scale of a DECIMAL type, 0 for integer types. */
  static int scale(DataType t) {
    return t instanceof DataType.Decimal d ? d.scale() : 0;
  }

  /** Types whose values the kernels read as a (scaled) long. */
  boolean isLongLike() {
    return this == INT32 || this == INT64 || this == DECIMAL || this == DATE || this == INTERVAL_DAYS || this == INTERVAL_MONTHS;
  }
}
