package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;

/**
 * In-memory tables of a session. Each table owns copies of the batches it was given (allocated
 * from the session's allocator); scans read them as zero-copy shared views.
 */
public final class MemoryTables implements AutoCloseable {
  private final Map<String, List<VectorSchemaRoot>> tables = new ConcurrentHashMap<>();

  /** Copies {@code batches} (the caller keeps its own) and stores them under {@code id}. */
  public void put(String id, Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
    List<VectorSchemaRoot> copies = new ArrayList<>();
    try {
      for (VectorSchemaRoot batch : batches) {
        List<FieldVector> vectors = new ArrayList<>();
        for (int i = 0; i < schema.getFields().size(); i++) {
          FieldVector source = batch.getVector(i);
          FieldVector target = schema.getFields().get(i).createVector(allocator);
          copyAll(source, target, batch.getRowCount());
          vectors.add(target);
        }
        copies.add(new VectorSchemaRoot(schema, vectors, batch.getRowCount()));
      }
    } catch (RuntimeException e) {
      copies.forEach(VectorSchemaRoot::close);
      throw e;
    }
    List<VectorSchemaRoot> previous = tables.put(id, copies);
    if (previous != null) {
      previous.forEach(VectorSchemaRoot::close);
    }
  }

  private static void copyAll(FieldVector source, FieldVector target, int rows) {
    target.allocateNew();
    for (int r = 0; r < rows; r++) {
      target.copyFromSafe(r, r, source);
    }
    target.setValueCount(rows);
  }

  /** The stored batches of table {@code id}, borrowed: valid until the table is removed. */
  public List<VectorSchemaRoot> batches(String id) {
    List<VectorSchemaRoot> b = tables.get(id);
    if (b == null) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "in-memory table " + id + " no longer exists");
    }
    return b;
  }

  public void remove(String id) {
    List<VectorSchemaRoot> b = tables.remove(id);
    if (b != null) {
      b.forEach(VectorSchemaRoot::close);
    }
  }

  @Override
  public void close() {
    for (String id : List.copyOf(tables.keySet())) {
      remove(id);
    }
  }
}
