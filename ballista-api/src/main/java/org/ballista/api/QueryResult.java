package org.ballista.api;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The collected batches of a query, owned by the caller: closing it frees them. */
public final class QueryResult implements AutoCloseable {
  private final Schema schema;
  private final List<VectorSchemaRoot> batches;

  public QueryResult(Schema schema, List<VectorSchemaRoot> batches) {
    this.schema = schema;
    this.batches = List.copyOf(batches);
  }

  public Schema schema() {
    return schema;
  }

  public List<VectorSchemaRoot> batches() {
    return batches;
  }

  public long rowCount() {
    long n = 0;
    for (VectorSchemaRoot b : batches) {
      n += b.getRowCount();
    }
    return n;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (VectorSchemaRoot b : batches) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
