package org.ballista.runtime.scan;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** An ArrowReader over borrowed in-memory batches (copied into the reader's root one at a time). */
final class InMemoryArrowReader extends ArrowReader {
  private final Schema schema;
  private final List<VectorSchemaRoot> batches;
  private int next;

  InMemoryArrowReader(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches) {
    super(allocator);
    this.schema = schema;
    this.batches = batches;
  }

  @Override
  public boolean loadNextBatch() {
    if (next >= batches.size()) {
      return false;
    }
    try (ArrowRecordBatch rb = new VectorUnloader(batches.get(next++)).getRecordBatch()) {
      loadRecordBatch(rb);
    }
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
    return schema;
  }
}
