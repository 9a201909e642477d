package org.ballista.api.expr;

/**
 * Scalar functions of {@link Expr.Call}. Unless said otherwise, a NULL argument gives NULL.
 *
 * <p>Arithmetic follows SQL types: the planner has already decided the result type of the call
 * ({@code Call.type()}); arguments may have different numeric types (INT32, INT64, DECIMAL, DOUBLE)
 * and the evaluator promotes them to the result type. DECIMAL results use the precision and scale
 * of the call's type (for MULTIPLY the scale is the sum of the argument scales, for DIVIDE the
 * result scale is the call type's scale, rounded half-up). Division by zero raises an error.
 */
public enum Op {
  // arithmetic (2 args, NEGATE 1)
  ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO, NEGATE, ABS,
  // comparisons (2 args of comparable types: numerics with each other, dates, strings, booleans)
  EQ, NE, LT, LE, GT, GE,
  /** Null-safe equality: never NULL; NULL IS NOT DISTINCT FROM NULL is true. */
  IS_NOT_DISTINCT_FROM,
  /** Null-safe inequality. */
  IS_DISTINCT_FROM,
  // logic (AND/OR take 2 or more args; three-valued)
  AND, OR, NOT,
  // null tests (never NULL)
  IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE,
  /** First non-NULL argument; 1 or more args. */
  COALESCE,
  /** NULLIF(a, b). */
  NULLIF,
  // dates
  /** (DATE, INTERVAL_DAYS millis) → DATE, adding whole days. */
  DATE_ADD_INTERVAL_DAYS,
  /** (DATE, INTERVAL_MONTHS) → DATE, adding months (clamping the day to the month's end). */
  DATE_ADD_INTERVAL_MONTHS,
  /** (DATE) → INT64 year / month / day. */
  EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY, EXTRACT_QUARTER, EXTRACT_DOW, EXTRACT_DOY,
  // strings
  /** SUBSTRING(s, start [, length]) with 1-based start, in characters. */
  SUBSTRING,
  /** Concatenation of 2 or more strings. */
  CONCAT,
  UPPER, LOWER, TRIM, LTRIM, RTRIM, CHAR_LENGTH,
  /** POSITION(needle IN haystack), 1-based, 0 when absent. */
  POSITION,
  // numeric functions
  /** ROUND(x [, digits]). */
  ROUND, FLOOR, CEIL, SQRT, POWER, LN, EXP
}
