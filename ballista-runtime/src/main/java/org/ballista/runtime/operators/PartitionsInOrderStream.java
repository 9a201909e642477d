package org.ballista.runtime.operators;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;

/**
 * Reads every partition of a plan one after the other, in partition order, in the calling thread:
 * partition {@code i + 1} is executed only once partition {@code i} is exhausted (and closed).
 * Closing this stream closes the partition being read.
 */
public final class PartitionsInOrderStream implements BatchStream {
  private final ExecutionPlan plan;
  private final TaskContext context;
  private final int partitions;
  private int nextPartition;
  private BatchStream current;
  private boolean closed;

  public PartitionsInOrderStream(ExecutionPlan plan, TaskContext context) {
    this.plan = plan;
    this.context = context;
    this.partitions = plan.outputPartitioning().partitionCount();
  }

  /** The plan's only partition's stream when it has one, otherwise a stream over all in order. */
  public static BatchStream of(ExecutionPlan plan, TaskContext context) {
    if (plan.outputPartitioning().partitionCount() == 1) {
      return plan.execute(0, context);
    }
    return new PartitionsInOrderStream(plan, context);
  }

  @Override
  public Schema schema() {
    return plan.schema();
  }

  @Override
  public VectorSchemaRoot next() {
    while (!closed) {
      if (current == null) {
        if (nextPartition >= partitions) {
          return null;
        }
        context.checkCancelled();
        current = plan.execute(nextPartition++, context);
      }
      VectorSchemaRoot batch = current.next();
      if (batch != null) {
        return batch;
      }
      BatchStream done = current;
      current = null;
      done.close();
    }
    return null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (current != null) {
        BatchStream c = current;
        current = null;
        c.close();
      }
    }
  }
}
