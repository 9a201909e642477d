package org.ballista.runtime.session;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.Expression;
import org.ballista.api.QueryResult;
import org.ballista.planner.PlanPrinter;
import org.ballista.planner.PlannedQuery;
import org.ballista.runtime.format.OutputFormat;

/** A planned query of a {@link LocalSessionContext}. Immutable; each collect() runs it again. */
final class LocalDataFrame implements DataFrame {
  private final LocalSessionContext session;
  private final PlannedQuery query;
  /** The SQL this frame is, when it is a query (null for DDL and command output). */
  private final String sql;

  LocalDataFrame(LocalSessionContext session, PlannedQuery query, String sql) {
    this.session = session;
    this.query = query;
    this.sql = sql;
  }

  private String sql() {
    if (sql == null) {
      throw BallistaException.unsupported("this frame is the output of a command; it cannot be built on");
    }
    return sql;
  }

  private DataFrame derive(String newSql) {
    return session.query(newSql);
  }

  private static String list(Expression... expressions) {
    if (expressions.length == 0) {
      throw new IllegalArgumentException("at least one expression is needed");
    }
    return Arrays.stream(expressions).map(Expression::toSql).collect(Collectors.joining(", "));
  }

  @Override
  public DataFrame select(Expression... expressions) {
    return derive("SELECT " + list(expressions) + " FROM (" + sql() + ") AS t");
  }

  @Override
  public DataFrame filter(Expression predicate) {
    return derive("SELECT * FROM (" + sql() + ") AS t WHERE " + predicate.toSql());
  }

  @Override
  public DataFrame aggregate(List<Expression> groupBy, List<Expression> aggregates) {
    List<Expression> all = new ArrayList<>(groupBy);
    all.addAll(aggregates);
    String select = "SELECT " + list(all.toArray(new Expression[0])) + " FROM (" + sql() + ") AS t";
    return derive(groupBy.isEmpty() ? select : select + " GROUP BY " + list(groupBy.toArray(new Expression[0])));
  }

  @Override
  public DataFrame join(DataFrame right, JoinKind kind, Expression on) {
    if (!(right instanceof LocalDataFrame other) || other.session != session) {
      throw new IllegalArgumentException("can only join frames of the same session");
    }
    return derive("SELECT * FROM (" + sql() + ") AS l " + kind.sql() + " (" + other.sql() + ") AS r ON " + on.toSql());
  }

  @Override
  public DataFrame sort(Expression... keys) {
    return derive("SELECT * FROM (" + sql() + ") AS t ORDER BY " + list(keys));
  }

  @Override
  public DataFrame limit(long count) {
    return limit(0, count);
  }

  @Override
  public DataFrame limit(long offset, long count) {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("offset and count must be >= 0");
    }
    return derive("SELECT * FROM (" + sql() + ") AS t" + (offset > 0 ? " OFFSET " + offset + " ROWS" : "")
        + " FETCH NEXT " + count + " ROWS ONLY");
  }

  @Override
  public Schema schema() {
    return query.schema();
  }

  @Override
  public QueryResult collect() {
    return session.execute(query.plan());
  }

  @Override
  public void show() {
    show(System.out);
  }

  void show(PrintStream out) {
    try (QueryResult result = collect()) {
      StringBuilder sb = new StringBuilder();
      OutputFormat.TABLE.write(result, sb, 20);
      out.print(sb);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String explain() {
    return "== Logical plan ==\n" + query.logicalPlan() + "\n== Physical plan ==\n" + PlanPrinter.print(query.plan());
  }

  PlannedQuery query() {
    return query;
  }
}
