package org.ballista.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * Test-only leaf plan shared by the runtime's tests: partition {@code p} yields the batches made by
 * {@code partitions.get(p)}'s factories, in order, each built only when pulled, from the task's
 * allocator, and handed to the caller (a factory may throw to simulate a failure). Counts streams
 * opened and closed and batches produced. One partition reports {@link Partitioning#SINGLE}.
 */
public final class BatchSourceExec implements ExecutionPlan {
  private final Schema schema;
  private final List<List<Function<BufferAllocator, VectorSchemaRoot>>> partitions;
  public final AtomicInteger opened = new AtomicInteger();
  public final AtomicInteger closed = new AtomicInteger();
  public final AtomicInteger produced = new AtomicInteger();

  public BatchSourceExec(Schema schema, List<List<Function<BufferAllocator, VectorSchemaRoot>>> partitions) {
    this.schema = schema;
    this.partitions = partitions;
  }

  /** One partition with the given batch factories. */
  @SafeVarargs
  public static BatchSourceExec of(Schema schema, Function<BufferAllocator, VectorSchemaRoot>... batches) {
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> p = new ArrayList<>();
    p.add(List.of(batches));
    return new BatchSourceExec(schema, p);
  }

  /** One partition whose batches hold the given rows (see {@link TestData} for the values). */
  @SafeVarargs
  public static BatchSourceExec ofRows(Schema schema, List<Object[]>... batches) {
    return ofPartitions(schema, List.of(List.of(batches)));
  }

  /** Partition → batches → rows. */
  public static BatchSourceExec ofPartitions(Schema schema, List<List<List<Object[]>>> partitions) {
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> p = new ArrayList<>();
    for (List<List<Object[]>> batches : partitions) {
      List<Function<BufferAllocator, VectorSchemaRoot>> factories = new ArrayList<>();
      for (List<Object[]> rows : batches) {
        factories.add(a -> TestData.batchOfRows(a, schema, rows));
      }
      p.add(factories);
    }
    return new BatchSourceExec(schema, p);
  }

  /** Streams opened and not yet closed. */
  public int openStreams() {
    return opened.get() - closed.get();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitions.size() == 1 ? Partitioning.SINGLE : new Partitioning.Unknown(partitions.size());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    List<Function<BufferAllocator, VectorSchemaRoot>> batches = partitions.get(partition);
    opened.incrementAndGet();
    return new BatchStream() {
      private int next;
      private boolean isClosed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (isClosed || next >= batches.size()) {
          return null;
        }
        VectorSchemaRoot b = batches.get(next++).apply(context.allocator());
        produced.incrementAndGet();
        return b;
      }

      @Override
      public void close() {
        if (!isClosed) {
          isClosed = true;
          closed.incrementAndGet();
        }
      }
    };
  }

  @Override
  public String describe() {
    return "BatchSourceExec";
  }
}
