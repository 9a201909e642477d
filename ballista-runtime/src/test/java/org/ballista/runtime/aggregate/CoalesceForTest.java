package org.ballista.runtime.aggregate;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/** Test-only: one partition that yields all partitions of its input one after the other. */
final class CoalesceForTest implements ExecutionPlan {
  private final ExecutionPlan input;

  CoalesceForTest(ExecutionPlan input) {
    this.input = input;
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public Partitioning outputPartitioning() {
    return Partitioning.SINGLE;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    int count = input.outputPartitioning().partitionCount();
    return new BatchStream() {
      int next;
      BatchStream current;

      @Override
      public Schema schema() {
        return input.schema();
      }

      @Override
      public VectorSchemaRoot next() {
        while (true) {
          if (current == null) {
            if (next >= count) {
              return null;
            }
            current = input.execute(next++, context);
          }
          VectorSchemaRoot batch = current.next();
          if (batch != null) {
            return batch;
          }
          current.close();
          current = null;
        }
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
          current = null;
        }
        next = count;
      }
    };
  }

  @Override
  public String describe() {
    return "CoalesceForTest";
  }
}
