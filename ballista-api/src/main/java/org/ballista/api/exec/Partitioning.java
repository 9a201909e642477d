package org.ballista.api.exec;

import java.util.List;
import org.ballista.api.expr.Expr;

/** How an operator's output rows are spread over its partitions. */
public sealed interface Partitioning {
  int partitionCount();

  /** No particular placement of rows. */
  record Unknown(int partitionCount) implements Partitioning {}

  /** Rows with equal values of {@code keys} are in the same partition. */
  record Hash(List<Expr> keys, int partitionCount) implements Partitioning {
    public Hash {
      keys = List.copyOf(keys);
    }
  }

  /** One partition. */
  record Single() implements Partitioning {
    public int partitionCount() { return 1; }
  }

  Partitioning SINGLE = new Single();
}
