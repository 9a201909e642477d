package org.ballista.runtime.join;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/** A test-only leaf plan yielding given rows as batches: partition → batches → rows. */
final class TestSource implements ExecutionPlan {
  private final Schema schema;
  private final List<List<List<Object[]>>> partitions;
  final AtomicInteger executions = new AtomicInteger();
  final AtomicInteger openStreams = new AtomicInteger();

  TestSource(Schema schema, List<List<List<Object[]>>> partitions) {
    this.schema = schema;
    this.partitions = partitions;
  }

  /** One partition, one batch. */
  static TestSource of(Schema schema, List<Object[]> rows) {
    return new TestSource(schema, List.of(List.of(rows)));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(partitions.size());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    executions.incrementAndGet();
    openStreams.incrementAndGet();
    List<List<Object[]>> batches = partitions.get(partition);
    return new BatchStream() {
      int next;
      boolean closed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (closed || next >= batches.size()) {
          return null;
        }
        return Rows.toBatch(schema, batches.get(next++), context.allocator());
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          openStreams.decrementAndGet();
        }
      }
    };
  }

  @Override
  public String describe() {
    return "TestSource";
  }
}
