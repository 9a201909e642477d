package org.ballista.api.shuffle;

import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;

/**
 * Reads shuffle output files written by (possibly remote) executors.
 *
 * <p>Thread-safe: many tasks fetch concurrently through one transport. {@link #fetch} is lazy
 * where the implementation allows: connection and not-found failures may surface from the first
 * {@code next()} of the returned stream rather than from {@code fetch} itself. Failures to reach
 * the file (executor gone, file missing, connection lost mid-way) are thrown as {@link
 * org.ballista.api.BallistaException} of kind {@code IO}, naming the address and the path; the
 * scheduler treats them as retryable fetch failures.
 */
public interface ShuffleTransport extends AutoCloseable {
  /**
   * Opens a stream over the batches of one shuffle file.
   *
   * @param location the file to read
   * @param schema the schema the caller expects; the file's column types must match it
   *     positionally, and returned batches carry this schema (its names)
   * @param context the fetching task: batches are allocated from (or transferred into) its
   *     allocator; the stream checks its cancellation flag between batches
   * @return a stream whose batches are owned by the caller, per {@link BatchStream}'s contract;
   *     closing it early cancels the transfer
   */
  BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context);

  /** Releases connections; streams already returned stay usable until closed. Idempotent. */
  @Override
  void close();
}
