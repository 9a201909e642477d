package org.ballista.runtime.cluster;

import org.apache.arrow.memory.OutOfMemoryException;
import org.ballista.api.BallistaException;
import org.ballista.api.proto.rpc.Failure;
import org.ballista.api.proto.rpc.FetchFailure;
import org.ballista.api.shuffle.ShuffleFetchException;
import org.ballista.runtime.session.QueryRunner;

/**
 * Classifies why a task failed, for the scheduler's retry decision: a shuffle fetch failure (the
 * producing stage's outputs are lost), a retryable failure (I/O, out of memory: another attempt may
 * succeed), or a deterministic one (SQL, types, arithmetic, bad plan: fails the job at once).
 */
final class TaskFailures {
  private TaskFailures() {}

  static Failure of(Throwable e) {
    ShuffleFetchException fetch = ShuffleFetchException.find(e);
    if (fetch != null) {
      return Failure.newBuilder().setKind(Failure.Kind.FETCH_FAILED).setRetryable(true)
          .setMessage(message(fetch)).setFetch(fetchFailure(fetch)).build();
    }
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof OutOfMemoryException || t instanceof OutOfMemoryError) {
        return Failure.newBuilder().setKind(Failure.Kind.RESOURCE_EXHAUSTED).setRetryable(true)
            .setMessage("task ran out of memory: " + t.getMessage()).build();
      }
    }
    BallistaException b = QueryRunner.translate(e);
    return Failure.newBuilder().setKind(Failure.Kind.valueOf(b.kind().name()))
        .setRetryable(b.kind() == BallistaException.Kind.IO).setMessage(message(b)).build();
  }

  /** The map stage and task of a shuffle file, from its path {@code jobId/stageId/partition/data-<task>-<attempt>.arrow}. */
  private static FetchFailure fetchFailure(ShuffleFetchException fetch) {
    FetchFailure.Builder f = FetchFailure.newBuilder().setExecutorId(fetch.location().executorId());
    String[] parts = fetch.location().path().split("/");
    if (parts.length == 4) {
      try {
        f.setMapStageId(Integer.parseInt(parts[1]));
        String[] name = parts[3].split("[-.]");
        if (name.length >= 3) {
          f.addMapPartitionIds(Integer.parseInt(name[1]));
        }
      } catch (NumberFormatException e) {
        // an unexpected file name: the executor id alone still says whose outputs are lost
      }
    }
    return f.build();
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
