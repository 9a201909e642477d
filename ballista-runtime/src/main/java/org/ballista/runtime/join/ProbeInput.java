package org.ballista.runtime.join;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;

/** Reads the given partitions of the probe (left) input one after another, opening each lazily. */
final class ProbeInput implements AutoCloseable {
  private final ExecutionPlan plan;
  private final int[] partitions;
  private final TaskContext context;
  private int nextPartition;
  private BatchStream current;

  ProbeInput(ExecutionPlan plan, int[] partitions, TaskContext context) {
    this.plan = plan;
    this.partitions = partitions;
    this.context = context;
  }

  /** The next non-empty batch (owned by the caller), or null when every partition is exhausted. */
  VectorSchemaRoot next() {
    while (true) {
      context.checkCancelled();
      if (current == null) {
        if (nextPartition >= partitions.length) {
          return null;
        }
        current = plan.execute(partitions[nextPartition++], context);
      }
      VectorSchemaRoot batch = current.next();
      if (batch == null) {
        BatchStream s = current;
        current = null;
        s.close();
      } else if (batch.getRowCount() == 0) {
        batch.close();
      } else {
        return batch;
      }
    }
  }

  @Override
  public void close() {
    nextPartition = partitions.length;
    if (current != null) {
      BatchStream s = current;
      current = null;
      s.close();
    }
  }
}
