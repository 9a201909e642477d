package org.ballista.planner.catalog;

import java.util.List;
import java.util.Optional;

/** The tables a query may read. Names are case-insensitive (stored lower-case). */
public interface Catalog {
  Optional<TableDefinition> table(String name);

  /** Table names, sorted. */
  List<String> tableNames();
}
