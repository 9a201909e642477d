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

  static String quoteIdentifier(String name) {
    boolean plain = !name.isEmpty() && Character.isLetter(name.charAt(0))
        && name.chars().allMatch(c -> Character.isLowerCase(c) || Character.isDigit(c) || c == '_');
    return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
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

  /** A scalar function by name, e.g. {@code call("substring", col("c_phone"), lit(1), lit(2))}. */
  public static Expression call(String function, Expression... args) {
    List<String> parts = new ArrayList<>();
    for (Expression a : args) {
      parts.add(a.sql);
    }
    return new Expression(function + "(" + String.join(", ", parts) + ")");
  }
}
