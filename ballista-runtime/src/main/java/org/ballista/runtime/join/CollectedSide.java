package org.ballista.runtime.join;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;

/**
 * The whole build (right) input of a join, read from all of its partitions one after another and
 * concatenated into one vector per needed column. Owns a dedicated allocator (a child of the root
 * of the allocator of the task that collected it, so that it may outlive that task while other
 * partitions still probe it); {@link #close()} frees everything.
 */
final class CollectedSide implements AutoCloseable {
  private final BufferAllocator allocator;
  private final FieldVector[] columns;
  private final boolean[] mayHaveNulls;
  private final int rowCount;

  private CollectedSide(BufferAllocator allocator, FieldVector[] columns, boolean[] mayHaveNulls, int rowCount) {
    this.allocator = allocator;
    this.columns = columns;
    this.mayHaveNulls = mayHaveNulls;
    this.rowCount = rowCount;
  }

  /**
   * Executes every partition of {@code plan} and keeps the columns flagged in {@code needed}
   * (others are {@code null} in {@link #column}).
   */
  static CollectedSide collect(ExecutionPlan plan, TaskContext context, boolean[] needed, String name) {
    Schema schema = plan.schema();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    BufferAllocator allocator = null;
    FieldVector[] columns = new FieldVector[schema.getFields().size()];
    try {
      int partitions = plan.outputPartitioning().partitionCount();
      for (int p = 0; p < partitions; p++) {
        try (BatchStream stream = plan.execute(p, context)) {
          VectorSchemaRoot batch;
          while (true) {
            context.checkCancelled();
            batch = stream.next();
            if (batch == null) {
              break;
            }
            if (batch.getRowCount() == 0) {
              batch.close();
            } else {
              batches.add(batch);
            }
          }
        }
      }
      allocator = context.allocator().getRoot().newChildAllocator(name, 0, Long.MAX_VALUE);
      boolean[] nulls = new boolean[columns.length];
      int rows = 0;
      for (VectorSchemaRoot b : batches) {
        rows += b.getRowCount();
      }
      for (int c = 0; c < columns.length; c++) {
        if (needed[c]) {
          columns[c] = Concat.column(batches, c, schema.getFields().get(c), allocator);
          nulls[c] = columns[c].getNullCount() > 0;
        }
      }
      CollectedSide side = new CollectedSide(allocator, columns, nulls, rows);
      allocator = null;
      return side;
    } finally {
      for (VectorSchemaRoot b : batches) {
        b.close();
      }
      if (allocator != null) {
        for (FieldVector v : columns) {
          if (v != null) {
            v.close();
          }
        }
        allocator.close();
      }
    }
  }

  int rowCount() {
    return rowCount;
  }

  /** Column {@code index} of the build input (all rows), or null if it was not collected. */
  FieldVector column(int index) {
    return columns[index];
  }

  boolean mayHaveNulls(int index) {
    return mayHaveNulls[index];
  }

  @Override
  public void close() {
    for (FieldVector v : columns) {
      if (v != null) {
        v.close();
      }
    }
    allocator.close();
  }
}
