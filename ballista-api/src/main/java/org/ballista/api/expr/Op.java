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
  /**
   * (DATE) → DATE: the first day of the date's year / quarter / month / week (weeks start on
   * Monday, as ISO and PostgreSQL's date_trunc('week', ...)) / the date itself.
   */
  DATE_TRUNC_YEAR, DATE_TRUNC_QUARTER, DATE_TRUNC_MONTH, DATE_TRUNC_WEEK, DATE_TRUNC_DAY,
  // strings
  /** SUBSTRING(s, start [, length]) with 1-based start, in characters. */
  SUBSTRING,
  /** Concatenation of 2 or more strings. */
  CONCAT,
  UPPER, LOWER, TRIM, LTRIM, RTRIM, CHAR_LENGTH,
  /** POSITION(needle IN haystack), 1-based, 0 when absent. */
  POSITION,
  /**
   * LEFT(s, n) / RIGHT(s, n): the first / last n characters; with n &lt; 0 all but the last / first
   * |n| characters (PostgreSQL's convention). Named *_CHARS because LEFT/RIGHT are join types in
   * the protobuf package.
   */
  LEFT_CHARS, RIGHT_CHARS,
  /**
   * LPAD(s, length [, fill]) / RPAD(s, length [, fill]): s padded on the left / right to {@code
   * length} characters by repeating fill (default ' '); a longer s is cut to its first {@code
   * length} characters; an empty fill leaves s unpadded; length &lt;= 0 gives ''.
   */
  LPAD, RPAD,
  /** REPLACE(s, from, to): every non-overlapping occurrence of from, left to right; an empty from changes nothing. */
  REPLACE,
  /** REVERSE(s), by characters. */
  REVERSE,
  /** STARTS_WITH(s, prefix) / ENDS_WITH(s, suffix) → BOOL. */
  STARTS_WITH, ENDS_WITH,
  /**
   * CONCAT_WS(separator, s1, ...): the non-NULL strings joined by the separator. NULL arguments are
   * skipped (all NULL gives ''); only a NULL separator gives NULL.
   */
  CONCAT_WS,
  // numeric functions
  /** ROUND(x [, digits]). */
  ROUND, FLOOR, CEIL, SQRT, POWER, LN, EXP,
  /**
   * GREATEST(a, b, ...) / LEAST(a, b, ...) of comparable values of one type (the call's type):
   * NULL arguments are ignored and the result is NULL only when all arguments are NULL
   * (PostgreSQL's and Spark's semantics, Calcite's GREATEST_PG / LEAST_PG).
   */
  GREATEST, LEAST,
  /** TRUNCATE(x [, digits]): rounds toward zero to {@code digits} (constant, default 0) decimal places. */
  TRUNCATE,
  /** SIGN(x): -1, 0 or 1 in the call's type. */
  SIGN,
  /** LOG10(x) → DOUBLE. */
  LOG10,
  /** LOG(base, x) → DOUBLE: the logarithm of x to the given base. */
  LOG
}
