package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;

/**
 * The cancellation of one running query. Whatever runs the query registers what stopping it takes
 * ({@link #onCancel}: cancel a task context, cancel a cluster job); {@link #cancel()} runs those
 * actions once, on the cancelling thread. An action registered after the cancellation runs at once,
 * on the registering thread, so a query cancelled while it starts up still stops. Thread-safe.
 */
public final class QueryCancellation {
  private final List<Runnable> actions = new ArrayList<>();
  private boolean cancelled;

  /** Registers {@code action} to run on cancellation; runs it now if the query is already cancelled. */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  /**
   * Cancels the query: runs the registered actions (an action's failure does not keep the others
   * from running; the first is rethrown after them). Returns false when it was already cancelled.
   */
  public boolean cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    RuntimeException failure = null;
    for (Runnable action : toRun) {
      try {
        action.run();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return true;
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Throws a CANCELLED error if the query was cancelled. */
  public void checkCancelled() {
    if (isCancelled()) {
      throw new BallistaException(BallistaException.Kind.CANCELLED, "query cancelled");
    }
  }
}
