package org.ballista.runtime.session;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;

/**
 * The queries of one session that are running now, so they can be cancelled from another thread
 * ({@link #cancelAll()}) or by interrupting the thread waiting for them.
 *
 * <p>{@link #run} drives each query on a thread of its own while the calling thread waits: an
 * interrupt of the caller then cancels the query, and the caller returns only once the query has
 * ended (so its memory is freed). A query that was cancelled always ends with a CANCELLED error,
 * whatever its operators threw while stopping.
 */
public final class RunningQueries {
  private final Set<QueryCancellation> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final String name;

  /** @param name names the query threads ({@code name-query-N}) */
  public RunningQueries(String name) {
    this.name = name;
  }

  /**
   * Runs {@code query} (given its cancellation, which it must honour) and returns its result, owned
   * by the caller.
   *
   * @throws BallistaException CANCELLED when the query was cancelled or the calling thread was
   *     interrupted (the interrupt flag is then set again), else whatever the query threw
   */
  public QueryResult run(Function<QueryCancellation, QueryResult> query) {
    QueryCancellation cancellation = new QueryCancellation();
    CompletableFuture<QueryResult> outcome = new CompletableFuture<>();
    running.add(cancellation);
    try {
      Thread driver = new Thread(() -> {
        try {
          outcome.complete(query.apply(cancellation));
        } catch (Throwable t) {
          outcome.completeExceptionally(t);
        }
      }, name + "-query-" + ids.incrementAndGet());
      driver.setDaemon(true);
      driver.start();
      try {
        return outcome.get();
      } catch (InterruptedException e) {
        cancellation.cancel();
        QueryResult late = awaitUninterruptibly(outcome);
        if (late != null) {
          late.close();
        }
        Thread.currentThread().interrupt();
        throw new BallistaException(BallistaException.Kind.CANCELLED, "query cancelled: the waiting thread was interrupted");
      } catch (ExecutionException e) {
        throw failure(e.getCause(), cancellation);
      }
    } finally {
      running.remove(cancellation);
    }
  }

  /** The query's outcome once it has ended; null when it failed (it was cancelled: the failure does not matter). */
  private static QueryResult awaitUninterruptibly(CompletableFuture<QueryResult> outcome) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return outcome.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return null;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException failure(Throwable t, QueryCancellation cancellation) {
    if (cancellation.isCancelled()
        && !(t instanceof BallistaException b && b.kind() == BallistaException.Kind.CANCELLED)) {
      return new BallistaException(BallistaException.Kind.CANCELLED, "query cancelled", t);
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return QueryRunner.translate(t);
  }

  /**
   * Cancels every query running now; returns how many were (queries already being cancelled do not
   * count). A failing cancellation does not keep the others from being cancelled; the first failure
   * is rethrown after them.
   */
  public int cancelAll() {
    int n = 0;
    RuntimeException failure = null;
    for (QueryCancellation c : running) {
      try {
        if (c.cancel()) {
          n++;
        }
      } catch (RuntimeException e) {
        n++;
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return n;
  }

  /** How many queries are running now. */
  public int size() {
    return running.size();
  }
}
