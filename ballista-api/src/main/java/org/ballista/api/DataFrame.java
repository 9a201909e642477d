package org.ballista.api;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A planned query. Building methods return new frames over the same logical plans SQL produces;
 * nothing runs until {@link #collect()} or {@link #show()}.
 */
public interface DataFrame {
  Schema schema();

  /**
   * Runs the query and returns all batches; the caller closes the result. Throws a CANCELLED
   * {@link BallistaException} when the query is cancelled ({@link SessionContext#cancelRunningQueries()})
   * or the calling thread is interrupted while it runs (the query is then cancelled and has freed
   * its memory when this returns; the thread's interrupt flag stays set).
   */
  QueryResult collect();

  /** Runs the query and prints up to 20 rows as a table on standard output. */
  void show();

  /** The optimized logical plan and the physical plan, as text. */
  String explain();

  /** The columns or expressions given (use {@link Expression#as} to name them). */
  DataFrame select(Expression... expressions);

  /** The rows for which {@code predicate} is true. */
  DataFrame filter(Expression predicate);

  /** Groups by {@code groupBy} and computes {@code aggregates}; no keys means one row. */
  DataFrame aggregate(java.util.List<Expression> groupBy, java.util.List<Expression> aggregates);

  /** Joins with {@code right} on {@code on} (column names of both sides must not clash). */
  DataFrame join(DataFrame right, JoinKind kind, Expression on);

  /** Sorts by keys ({@link Expression#asc()}, {@link Expression#desc()}; plain is ascending). */
  DataFrame sort(Expression... keys);

  /** At most {@code count} rows. */
  DataFrame limit(long count);

  /** Skips {@code offset} rows, then at most {@code count} rows. */
  DataFrame limit(long offset, long count);

  /** Join kinds of {@link #join}. */
  enum JoinKind {
    INNER("JOIN"), LEFT("LEFT JOIN"), RIGHT("RIGHT JOIN"), FULL("FULL JOIN");

    private final String sql;

    JoinKind(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }
}
