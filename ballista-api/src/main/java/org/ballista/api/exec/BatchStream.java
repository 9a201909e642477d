package org.ballista.api.exec;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazy, pull-based stream of Arrow batches produced by one partition of an operator.
 *
 * <p>Ownership: each batch returned by {@link #next()} is <em>transferred</em> to the caller, who
 * must close it (it stays valid after later calls to {@code next()}). Batches may have zero rows.
 * {@link #close()} releases everything the stream still holds, including its inputs; it may be
 * called before the stream is exhausted, and more than once. Not thread-safe: one consumer.
 */
public interface BatchStream extends AutoCloseable {
  Schema schema();

  /** The next batch, owned by the caller, or {@code null} when the stream is exhausted. */
  VectorSchemaRoot next();

  @Override
  void close();
}
