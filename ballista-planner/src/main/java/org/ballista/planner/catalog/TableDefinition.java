package org.ballista.planner.catalog;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.plan.TableSource;

/**
 * A registered table as the planner sees it: its name, where its rows are, its schema and an
 * estimate of its row count (used for join ordering and build-side choice; negative when unknown).
 */
public record TableDefinition(String name, TableSource source, double rowCount) {
  public TableDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
  }

  public Schema schema() {
    return source.schema();
  }
}
