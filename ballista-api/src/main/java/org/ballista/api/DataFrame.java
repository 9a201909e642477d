package org.ballista.api;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A planned query. Building methods return new frames over the same logical plans SQL produces;
 * nothing runs until {@link #collect()} or {@link #show()}.
 */
public interface DataFrame {
  Schema schema();

  /** Runs the query and returns all batches; the caller closes the result. */
  QueryResult collect();

  /** Runs the query and prints up to 20 rows as a table on standard output. */
  void show();

  /** The optimized logical plan and the physical plan, as text. */
  String explain();
}
