package org.ballista.planner.sql;

import org.apache.arrow.vector.types.pojo.Schema;

/** One SQL statement, as recognized before Calcite sees it. */
public sealed interface Statement {
  /** A query Calcite parses (SELECT, WITH, VALUES, set operations). */
  record Query(String sql) implements Statement {}

  /** EXPLAIN of a query. */
  record Explain(String sql) implements Statement {}

  /** CREATE EXTERNAL TABLE name [(columns)] STORED AS format [WITH HEADER ROW] [DELIMITER 'c'] LOCATION 'path'. */
  record CreateExternalTable(
      String name, String format, String location, boolean header, char delimiter, Schema columns, boolean ifNotExists)
      implements Statement {}

  record DropTable(String name, boolean ifExists) implements Statement {}

  record ShowTables() implements Statement {}

  record Describe(String name) implements Statement {}
}
