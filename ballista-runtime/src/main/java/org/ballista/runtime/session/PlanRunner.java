package org.ballista.runtime.session;

import org.apache.arrow.memory.BufferAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;

/** Where a session's queries run: in this process, or on a cluster. */
public interface PlanRunner extends AutoCloseable {
  /** Runs {@code plan}; the result's batches are allocated from {@code allocator} and owned by the caller. */
  QueryResult run(PlanNode plan, BufferAllocator allocator, SessionConfig config);

  @Override
  default void close() {}
}
