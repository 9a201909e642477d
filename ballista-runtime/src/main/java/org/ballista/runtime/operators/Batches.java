package org.ballista.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Batch-level helpers shared by the operators. */
public final class Batches {
  private Batches() {}

  /**
   * Rows {@code [start, start + length)} of {@code batch} as a new batch owned by the caller
   * (zero-copy where Arrow's splitAndTransfer can slice the buffers, a copy otherwise). {@code
   * batch} is left owned by the caller and still valid. {@code length} must be at least 1.
   */
  public static VectorSchemaRoot slice(VectorSchemaRoot batch, int start, int length, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(batch.getFieldVectors().size());
    try {
      for (FieldVector v : batch.getFieldVectors()) {
        TransferPair pair = v.getTransferPair(v.getField(), allocator);
        pair.splitAndTransfer(start, length);
        out.add((FieldVector) pair.getTo());
      }
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(batch.getSchema(), out, length);
  }

  /**
   * Moves the buffers of {@code batch} into a new batch of {@code schema} (same column count and
   * Arrow types; names and nullability may differ) and closes {@code batch}.
   */
  public static VectorSchemaRoot rename(VectorSchemaRoot batch, Schema schema) {
    if (batch.getSchema().equals(schema)) {
      return batch;
    }
    List<FieldVector> out = new ArrayList<>(schema.getFields().size());
    try (batch) {
      List<FieldVector> in = batch.getFieldVectors();
      for (int i = 0; i < in.size(); i++) {
        FieldVector v = in.get(i);
        Field want = schema.getFields().get(i);
        TransferPair pair = v.getTransferPair(want, v.getAllocator());
        pair.transfer();
        out.add((FieldVector) pair.getTo());
      }
      return new VectorSchemaRoot(schema, out, batch.getRowCount());
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
  }
}
