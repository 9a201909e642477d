package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;

/**
 * Runs an executable plan in this process: each query gets its own child allocator (closed when
 * the query ends, so a leaking operator fails loudly), and the result batches are handed over to
 * the session's allocator, owned by the caller.
 */
public final class QueryRunner {
  private final AtomicLong queryIds = new AtomicLong();

  public QueryResult collect(ExecutionPlan plan, Schema resultSchema, BufferAllocator sessionAllocator, SessionConfig config) {
    return collect(plan, resultSchema, sessionAllocator, config, new QueryCancellation());
  }

  /**
   * Runs {@code plan}'s partition 0 to the end and returns its batches, moved to {@code
   * sessionAllocator}. Cancelling {@code cancellation} cancels the query's task context: operators
   * stop at their next check, every stream and the query's allocator are closed, and this throws
   * CANCELLED.
   */
  public QueryResult collect(ExecutionPlan plan, Schema resultSchema, BufferAllocator sessionAllocator,
      SessionConfig config, QueryCancellation cancellation) {
    long id = queryIds.incrementAndGet();
    List<VectorSchemaRoot> results = new ArrayList<>();
    try (BufferAllocator queryAllocator = sessionAllocator.newChildAllocator("query-" + id, 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(queryAllocator, config);
      cancellation.onCancel(context::cancel);
      try (BatchStream stream = plan.execute(0, context)) {
        VectorSchemaRoot batch;
        while ((batch = stream.next()) != null) {
          try (VectorSchemaRoot b = batch) {
            if (b.getRowCount() > 0 || results.isEmpty()) {
              results.add(handOver(b, resultSchema, sessionAllocator));
            }
          }
        }
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      results.forEach(VectorSchemaRoot::close);
      BallistaException b = translate(e);
      if (cancellation.isCancelled() && b.kind() != BallistaException.Kind.CANCELLED) {
        // an operator stopped by the cancellation may fail in its own way
        throw new BallistaException(BallistaException.Kind.CANCELLED, "query cancelled (while stopping: " + b.getMessage() + ")", e);
      }
      throw b;
    }
    return new QueryResult(resultSchema, results);
  }

  /** Moves a batch's buffers into {@code target}'s accounting, with the result schema's names. */
  private static VectorSchemaRoot handOver(VectorSchemaRoot batch, Schema schema, BufferAllocator target) {
    List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
    for (int i = 0; i < schema.getFields().size(); i++) {
      FieldVector source = batch.getVector(i);
      TransferPair pair = source.getTransferPair(schema.getFields().get(i), target);
      pair.transfer();
      FieldVector moved = (FieldVector) pair.getTo();
      moved.setValueCount(batch.getRowCount());
      vectors.add(moved);
    }
    return new VectorSchemaRoot(schema, vectors, batch.getRowCount());
  }

  public static BallistaException translate(Throwable e) {
    if (e instanceof BallistaException b) {
      return b;
    }
    if (e instanceof OutOfMemoryException || e instanceof OutOfMemoryError) {
      return new BallistaException(BallistaException.Kind.EXECUTION, "query ran out of memory: " + e.getMessage(), e);
    }
    if (e.getCause() instanceof BallistaException b) {
      return b;
    }
    return new BallistaException(BallistaException.Kind.INTERNAL, "internal error: " + e, e);
  }
}
