package org.ballista.runtime.join;

import java.util.function.Function;
import org.ballista.api.exec.TaskContext;

/**
 * A lazily built value shared by all output streams of one join plan, reference-counted by the
 * streams: each stream {@link #register registers} when created and {@link #unregister
 * unregisters} when closed; the first stream that needs the value builds it while concurrent
 * callers wait; when the last registered stream closes, the value is closed (a later stream builds
 * it again). Thread-safe.
 */
final class SharedBuild<T extends AutoCloseable> {
  private final Function<TaskContext, T> builder;
  private T value;
  private int streams;
  private int builds;

  SharedBuild(Function<TaskContext, T> builder) {
    this.builder = builder;
  }

  synchronized void register() {
    streams++;
  }

  /** The shared value, built with {@code context} if no stream built it yet. */
  synchronized T get(TaskContext context) {
    if (value == null) {
      value = builder.apply(context);
      builds++;
    }
    return value;
  }

  synchronized void unregister() {
    if (streams <= 0) {
      throw new IllegalStateException("unbalanced unregister");
    }
    streams--;
    if (streams == 0 && value != null) {
      T v = value;
      value = null;
      try {
        v.close();
      } catch (Exception e) {
        throw org.ballista.api.BallistaException.internal("failed to release join build side", e);
      }
    }
  }

  /** How many times the value was built (for tests and metrics). */
  synchronized int buildCount() {
    return builds;
  }

  /** Whether a built value is currently held. */
  synchronized boolean isHeld() {
    return value != null;
  }
}
