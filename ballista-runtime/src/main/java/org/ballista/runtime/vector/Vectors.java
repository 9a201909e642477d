package org.ballista.runtime.vector;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.types.DataType;

/** Small helpers for building fields, vectors and batches. */
public final class Vectors {
  private Vectors() {}

  public static Field field(String name, DataType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type.toArrow(), null), null);
  }

  public static DataType typeOf(Field field) {
    return DataType.fromArrow(field.getType());
  }

  /** A new empty vector for {@code field}, owned by the caller. */
  public static FieldVector newVector(Field field, BufferAllocator allocator) {
    return field.createVector(allocator);
  }

  /**
   * A zero-copy, independently closeable view of the first {@code rowCount} values of {@code
   * source}: the new vector shares (and retains) the buffers; closing either leaves the other valid.
   */
  public static FieldVector share(FieldVector source, int rowCount, BufferAllocator allocator) {
    return VectorTake.slice(source, 0, rowCount, source.getField(), allocator);
  }

  /** A batch made of {@code vectors} (ownership moves into the batch) with the given row count. */
  public static VectorSchemaRoot batch(Schema schema, List<FieldVector> vectors, int rowCount) {
    List<FieldVector> renamed = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      FieldVector v = vectors.get(i);
      Field want = schema.getFields().get(i);
      if (!v.getField().equals(want)) {
        TransferPair pair = v.getTransferPair(want, v.getAllocator());
        pair.transfer();
        v.close();
        v = (FieldVector) pair.getTo();
      }
      v.setValueCount(rowCount);
      renamed.add(v);
    }
    VectorSchemaRoot root = new VectorSchemaRoot(schema, renamed, rowCount);
    return root;
  }

  /** An empty batch of {@code schema}. */
  public static VectorSchemaRoot emptyBatch(Schema schema, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    root.setRowCount(0);
    return root;
  }
}
