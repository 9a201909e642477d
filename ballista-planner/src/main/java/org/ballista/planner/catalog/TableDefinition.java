package org.ballista.planner.catalog;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.plan.TableSource;

/**
 * A registered table as the planner sees it: its name, where its rows are, its schema and an
 * estimate of its row count and column statistics (used for join ordering and build-side choice;
 * negative or empty when unknown).
 */
public record TableDefinition(String name, TableSource source, double rowCount, List<ColumnStatistics> columns) {
  public TableDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    columns = List.copyOf(columns);
  }

  /** A table without column statistics. */
  public TableDefinition(String name, TableSource source, double rowCount) {
    this(name, source, rowCount, List.of());
  }

  /** Statistics of column {@code index}, or {@link ColumnStatistics#UNKNOWN}. */
  public ColumnStatistics column(int index) {
    return index < columns.size() ? columns.get(index) : ColumnStatistics.UNKNOWN;
  }

  public Schema schema() {
    return source.schema();
  }
}
