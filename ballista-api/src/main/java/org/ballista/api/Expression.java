package org.ballista.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An expression of the DataFrame API: column references, literals, operators, functions and
 * aggregates. Expressions render to SQL, so a DataFrame built with them plans exactly as the
 * equivalent SQL does.
 *
 * <pre>{@code
 * ctx.table("lineitem")
 *    .filter(col("l_shipdate").le(lit(LocalDate.of(1998, 9, 2))))
 *    .aggregate(List.of(col("l_returnflag")), List.of(sum(col("l_quantity")).as("sum_qty")))
 *    .sort(col("l_returnflag").asc())
 * }</pre>
 */
public final class Expression {
  private final String sql;

  private Expression(String sql) {
    this.sql = sql;
  }

  /** The SQL text of this expression. */
  public String toSql() {
    return sql;
  }

  @Override
  public String toString() {
    return sql;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expression e && e.sql.equals(sql);
  }

  @Override
  public int hashCode() {
    return sql.hashCode();
  }

  /** A column by name (case-insensitive unless it contains upper-case letters). */
  public static Expression col(String name) {
    Objects.requireNonNull(name, "name");
    return new Expression(quoteIdentifier(name));
  }

  /** A SQL expression given as text, e.g. {@code expr("l_extendedprice * (1 - l_discount)")}. */
  public static Expression expr(String sqlText) {
    return new Expression("(" + Objects.requireNonNull(sqlText, "sqlText") + ")");
  }

  /** A constant: String, Integer, Long, Double, BigDecimal, Boolean, LocalDate or null. */
  public static Expression lit(Object value) {
    if (value == null) {
      return new Expression("NULL");
    }
    if (value instanceof String s) {
      return new Expression("'" + s.replace("'", "''") + "'");
    }
    if (value instanceof BigDecimal d) {
      return new Expression(d.toPlainString());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return new Expression(value.toString());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("cannot use " + d + " as a SQL literal");
      }
      return new Expression("CAST(" + d + " AS DOUBLE)");
    }
    if (value instanceof Boolean b) {
      return new Expression(b ? "TRUE" : "FALSE");
    }
    if (value instanceof LocalDate date) {
      return new Expression("DATE '" + date + "'");
    }
    throw new IllegalArgumentException("unsupported literal type " + value.getClass().getName());
  }

  /**
   * Always quoted, so reserved words ({@code running}, {@code value}, ...) work as names; unquoted
   * names are folded to lower case, so a quoted lower-case name is the same name.
   */
  static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private Expression binary(String op, Expression other) {
    return new Expression("(" + sql + " " + op + " " + other.sql + ")");
  }

  public Expression plus(Expression o) { return binary("+", o); }
  public Expression minus(Expression o) { return binary("-", o); }
  public Expression times(Expression o) { return binary("*", o); }
  public Expression div(Expression o) { return binary("/", o); }
  public Expression mod(Expression o) { return new Expression("MOD(" + sql + ", " + o.sql + ")"); }
  public Expression eq(Expression o) { return binary("=", o); }
  public Expression ne(Expression o) { return binary("<>", o); }
  public Expression lt(Expression o) { return binary("<", o); }
  public Expression le(Expression o) { return binary("<=", o); }
  public Expression gt(Expression o) { return binary(">", o); }
  public Expression ge(Expression o) { return binary(">=", o); }
  public Expression and(Expression o) { return binary("AND", o); }
  public Expression or(Expression o) { return binary("OR", o); }
  public Expression not() { return new Expression("(NOT " + sql + ")"); }
  public Expression isNull() { return new Expression("(" + sql + " IS NULL)"); }
  public Expression isNotNull() { return new Expression("(" + sql + " IS NOT NULL)"); }
  public Expression like(String pattern) { return binary("LIKE", lit(pattern)); }
  public Expression between(Expression low, Expression high) {
    return new Expression("(" + sql + " BETWEEN " + low.sql + " AND " + high.sql + ")");
  }

  public Expression in(Object... values) {
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(v instanceof Expression e ? e.sql : lit(v).sql);
    }
    return new Expression("(" + sql + " IN (" + String.join(", ", parts) + "))");
  }

  /** CAST to a SQL type name, e.g. {@code cast("DECIMAL(15,2)")}. */
  public Expression cast(String sqlType) {
    return new Expression("CAST(" + sql + " AS " + sqlType + ")");
  }

  /** Names the output column. */
  public Expression as(String alias) {
    return new Expression(sql + " AS " + quoteIdentifier(alias));
  }

  /** Ascending sort key, NULLs last. */
  public Expression asc() { return new Expression(sql + " ASC NULLS LAST"); }

  /** Descending sort key, NULLs first. */
  public Expression desc() { return new Expression(sql + " DESC NULLS FIRST"); }

  public static Expression sum(Expression e) { return new Expression("SUM(" + e.sql + ")"); }
  public static Expression avg(Expression e) { return new Expression("AVG(" + e.sql + ")"); }
  public static Expression min(Expression e) { return new Expression("MIN(" + e.sql + ")"); }
  public static Expression max(Expression e) { return new Expression("MAX(" + e.sql + ")"); }
  public static Expression count(Expression e) { return new Expression("COUNT(" + e.sql + ")"); }
  public static Expression countDistinct(Expression e) { return new Expression("COUNT(DISTINCT " + e.sql + ")"); }
  public static Expression countStar() { return new Expression("COUNT(*)"); }

  // ---- window functions: use with over(WindowSpec)

  public static Expression rowNumber() { return new Expression("ROW_NUMBER()"); }
  public static Expression rank() { return new Expression("RANK()"); }
  public static Expression denseRank() { return new Expression("DENSE_RANK()"); }
  public static Expression percentRank() { return new Expression("PERCENT_RANK()"); }
  public static Expression cumeDist() { return new Expression("CUME_DIST()"); }
  public static Expression ntile(int buckets) { return new Expression("NTILE(" + buckets + ")"); }
  /** The value {@code offset} rows before the current row in the window's order, or {@code otherwise}. */
  public static Expression lag(Expression e, int offset, Expression otherwise) {
    return new Expression("LAG(" + e.sql + ", " + offset + ", " + otherwise.sql + ")");
  }
  public static Expression lag(Expression e) { return new Expression("LAG(" + e.sql + ")"); }
  /** The value {@code offset} rows after the current row in the window's order, or {@code otherwise}. */
  public static Expression lead(Expression e, int offset, Expression otherwise) {
    return new Expression("LEAD(" + e.sql + ", " + offset + ", " + otherwise.sql + ")");
  }
  public static Expression lead(Expression e) { return new Expression("LEAD(" + e.sql + ")"); }
  public static Expression firstValue(Expression e) { return new Expression("FIRST_VALUE(" + e.sql + ")"); }
  public static Expression lastValue(Expression e) { return new Expression("LAST_VALUE(" + e.sql + ")"); }

  /**
   * This window function or aggregate computed over {@code window}, e.g. {@code
   * rowNumber().over(WindowSpec.partitionBy(col("k")).orderBy(col("v").desc()))}.
   */
  public Expression over(WindowSpec window) {
    return new Expression(sql + " OVER (" + window.toSql() + ")");
  }

  /** A scalar function by name, e.g. {@code call("substring", col("c_phone"), lit(1), lit(2))}. */
  public static Expression call(String function, Expression... args) {
    List<String> parts = new ArrayList<>();
    for (Expression a : args) {
      parts.add(a.sql);
    }
    return new Expression(function + "(" + String.join(", ", parts) + ")");
  }
}
