package org.ballista.api.exec;

import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a running task may use: its own child allocator (owned by whoever created the context, not
 * by the operators), the session's settings, and a cancellation flag operators check between
 * batches.
 */
public final class TaskContext {
  private final BufferAllocator allocator;
  private final SessionConfig config;
  private volatile boolean cancelled;

  public TaskContext(BufferAllocator allocator, SessionConfig config) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
    this.config = Objects.requireNonNull(config, "config");
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public SessionConfig config() {
    return config;
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Throws a CANCELLED error if the task was cancelled; operators call it between batches. */
  public void checkCancelled() {
    if (cancelled) {
      throw new org.ballista.api.BallistaException(org.ballista.api.BallistaException.Kind.CANCELLED, "query cancelled");
    }
  }
}
