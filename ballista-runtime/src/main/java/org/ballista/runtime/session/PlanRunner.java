package org.ballista.runtime.session;

import org.apache.arrow.memory.BufferAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;

/** Where a session's queries run: in this process, or on a cluster. */
public interface PlanRunner extends AutoCloseable {
  /** Runs {@code plan}; the result's batches are allocated from {@code allocator} and owned by the caller. */
  default QueryResult run(PlanNode plan, BufferAllocator allocator, SessionConfig config) {
    return run(plan, allocator, config, new QueryCancellation());
  }

  /**
   * Runs {@code plan} like {@link #run(PlanNode, BufferAllocator, SessionConfig)}; when {@code
   * cancellation} is cancelled (or the calling thread is interrupted) the query is stopped wherever
   * it runs, its memory freed, and this throws CANCELLED.
   */
  QueryResult run(PlanNode plan, BufferAllocator allocator, SessionConfig config, QueryCancellation cancellation);

  @Override
  default void close() {}
}
