package org.ballista.runtime.session;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.planner.PlanPrinter;
import org.ballista.planner.PlannedQuery;
import org.ballista.runtime.format.OutputFormat;

/** A planned query of a {@link LocalSessionContext}. Immutable; each collect() runs it again. */
final class LocalDataFrame implements DataFrame {
  private final LocalSessionContext session;
  private final PlannedQuery query;

  LocalDataFrame(LocalSessionContext session, PlannedQuery query) {
    this.session = session;
    this.query = query;
  }

  @Override
  public Schema schema() {
    return query.schema();
  }

  @Override
  public QueryResult collect() {
    return session.runner().collect(session.factory().create(query.plan()), query.schema(), session.allocator(),
        session.config());
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
