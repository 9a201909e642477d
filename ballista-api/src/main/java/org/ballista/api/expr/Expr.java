package org.ballista.api.expr;

import java.util.List;
import java.util.Objects;
import org.ballista.api.types.DataType;

/**
 * A resolved, typed scalar expression over the columns of one input batch. Immutable. The planner
 * produces these; the runtime compiles them into vectorized evaluators.
 *
 * <p>Semantics are SQL's: every function returns NULL when an input is NULL unless its documentation
 * in {@link Op} says otherwise; AND/OR use three-valued logic.
 */
public sealed interface Expr {
  DataType type();

  /** A reference to column {@code index} of the input batch. */
  record Column(int index, DataType type) implements Expr {
    public String toString() { return "#" + index; }
  }

  /**
   * A constant. Value classes by type: Bool → Boolean, Int32 → Integer, Int64 → Long, Float64 →
   * Double, Decimal → java.math.BigDecimal (with the type's scale), Date → Integer (days since
   * epoch), Utf8 → String, IntervalDays → Long (milliseconds), IntervalMonths → Integer (months),
   * and null for a NULL of any type.
   */
  record Literal(Object value, DataType type) implements Expr {
    public String toString() { return value == null ? "NULL" : (value instanceof String s ? "'" + s + "'" : value.toString()); }
  }

  /** A function call; see {@link Op} for the functions and their argument conventions. */
  record Call(Op op, List<Expr> args, DataType type) implements Expr {
    public Call {
      args = List.copyOf(args);
      Objects.requireNonNull(op);
    }
    public String toString() { return op.name() + args; }
  }

  /** CAST(input AS type). Invalid conversions (e.g. 'abc' to INTEGER) raise an execution error. */
  record Cast(Expr input, DataType type) implements Expr {
    public String toString() { return "CAST(" + input + " AS " + type + ")"; }
  }

  /** CASE WHEN c1 THEN r1 ... ELSE otherwise END; {@code otherwise} is a NULL literal when absent. */
  record Case(List<Expr> conditions, List<Expr> results, Expr otherwise, DataType type) implements Expr {
    public Case {
      conditions = List.copyOf(conditions);
      results = List.copyOf(results);
      if (conditions.size() != results.size()) {
        throw new IllegalArgumentException("CASE needs as many results as conditions");
      }
    }
  }

  /**
   * input [NOT] IN (values...), with SQL null semantics: NULL if input is NULL, or if no value
   * matches and the list contains a NULL.
   */
  record InList(Expr input, List<Literal> values, boolean negated) implements Expr {
    public InList {
      values = List.copyOf(values);
    }
    public DataType type() { return DataType.BOOL; }
  }

  /**
   * input [NOT] LIKE pattern: '%' matches any sequence, '_' one character, {@code escape} (or
   * null) makes the next character literal.
   */
  record Like(Expr input, String pattern, Character escape, boolean negated) implements Expr {
    public DataType type() { return DataType.BOOL; }
  }
}
