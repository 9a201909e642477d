package org.ballista.tpch;

import java.util.Iterator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import io.trino.tpch.TpchEntity;

/**
 * An {@link ArrowReader} whose batches are filled straight from a TPC-H generator, {@code
 * batchRows} rows at a time, for {@code DatasetFileWriter}.
 *
 * <p>Each {@link #loadNextBatch()} gives the root's vectors fresh buffers (the previous ones are
 * released by the vectors, but stay alive while a consumer that exported them still holds a
 * reference), so a batch handed to native code is never overwritten.
 */
final class GeneratedBatchReader<E extends TpchEntity> extends ArrowReader {
  private final TpchTableSpec<E> spec;
  private final Iterator<E> rows;
  private final int batchRows;
  private TpchTableSpec.RowWriter<E> writer;
  private long rowCount;

  GeneratedBatchReader(BufferAllocator allocator, TpchTableSpec<E> spec, Iterable<E> rows, int batchRows) {
    super(allocator);
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    this.spec = spec;
    this.rows = rows.iterator();
    this.batchRows = batchRows;
  }

  /** Rows loaded so far. */
  long rowCount() {
    return rowCount;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (writer == null) {
      for (FieldVector v : root.getFieldVectors()) {
        if (v instanceof BaseVariableWidthVector var) {
          var.setInitialCapacity(batchRows, 24.0);
        } else {
          v.setInitialCapacity(batchRows);
        }
      }
      writer = spec.binder().apply(root);
    }
    if (!rows.hasNext()) {
      root.setRowCount(0);
      return false;
    }
    root.allocateNew();
    int n = 0;
    while (n < batchRows && rows.hasNext()) {
      writer.write(rows.next(), n);
      n++;
    }
    root.setRowCount(n);
    rowCount += n;
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return spec.schema();
  }
}
