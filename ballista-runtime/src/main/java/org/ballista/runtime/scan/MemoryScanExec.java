package org.ballista.runtime.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.runtime.vector.Vectors;

/**
 * Scans batches held in memory. The batches are <em>borrowed</em> (owned by the session's catalog,
 * which must keep them open and unchanged while queries run); each returned batch is a zero-copy
 * shared view ({@link Vectors#share}) of the projected columns, owned by the caller and independent of
 * the source's lifetime once created. Batch {@code i} goes to partition {@code i % partitions}, with
 * {@code partitions = min(targetPartitions, #batches)} (at least one).
 */
public final class MemoryScanExec implements ExecutionPlan {
  private final Schema tableSchema;
  private final List<VectorSchemaRoot> batches;
  private final int[] projection;
  private final Schema outputSchema;
  private final int partitions;

  public MemoryScanExec(Schema tableSchema, List<VectorSchemaRoot> batches, int[] projection, Schema outputSchema,
      int targetPartitions) {
    this.tableSchema = Objects.requireNonNull(tableSchema, "tableSchema");
    this.batches = List.copyOf(batches);
    this.projection = projection.clone();
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    if (outputSchema.getFields().size() != projection.length) {
      throw BallistaException.internal("memory scan: " + projection.length + " projected columns but output schema has "
          + outputSchema.getFields().size(), null);
    }
    for (int c : projection) {
      if (c < 0 || c >= tableSchema.getFields().size()) {
        throw BallistaException.internal("memory scan: column index " + c + " out of range", null);
      }
    }
    for (VectorSchemaRoot b : this.batches) {
      if (b.getFieldVectors().size() != tableSchema.getFields().size()) {
        throw BallistaException.internal("memory scan: batch has " + b.getFieldVectors().size()
            + " columns, table schema " + tableSchema.getFields().size(), null);
      }
    }
    this.partitions = Math.max(1, Math.min(targetPartitions, this.batches.size()));
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(partitions);
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    Objects.checkIndex(partition, partitions);
    return new BatchStream() {
      private int next = partition;
      private boolean closed;

      @Override
      public Schema schema() {
        return outputSchema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (closed || next >= batches.size()) {
          return null;
        }
        context.checkCancelled();
        VectorSchemaRoot source = batches.get(next);
        next += partitions;
        return view(source, context);
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  private VectorSchemaRoot view(VectorSchemaRoot source, TaskContext context) {
    int rows = source.getRowCount();
    List<FieldVector> vectors = new ArrayList<>(projection.length);
    try {
      for (int c : projection) {
        vectors.add(Vectors.share(source.getVector(c), rows, context.allocator()));
      }
      return Vectors.batch(outputSchema, vectors, rows);
    } catch (RuntimeException e) {
      Closer.closeQuietly(e, vectors.toArray(new AutoCloseable[0]));
      throw e;
    }
  }

  @Override
  public String describe() {
    List<String> names = new ArrayList<>();
    for (Field f : outputSchema.getFields()) {
      names.add(f.getName());
    }
    return "MemoryScanExec: batches=" + batches.size() + " partitions=" + partitions + " projection=" + names;
  }
}
