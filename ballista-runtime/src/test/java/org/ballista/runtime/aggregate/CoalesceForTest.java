package org.ballista.runtime.aggregate;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.runtime.operators.PartitionsInOrderStream;

/** Test-only: one partition that yields all partitions of its input one after the other, in this thread. */
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
    return new PartitionsInOrderStream(input, context);
  }

  @Override
  public String describe() {
    return "CoalesceForTest";
  }
}
