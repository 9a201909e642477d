package org.ballista.transport.flight;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Moves the contents of a reused (borrowed) root into a new root owned by the caller, a whole
 * buffer at a time: ownership transfer when both allocators share a root allocator, one memory
 * copy per buffer otherwise (Arrow cannot transfer between different roots).
 */
final class BatchTransfer {
  private BatchTransfer() {}

  /**
   * A new root with {@code target}'s fields holding the data of {@code source}, allocated from (or
   * transferred into) {@code allocator}. {@code source} is left empty when its buffers were
   * transferred, intact when they were copied; either way it stays owned by its creator.
   */
  static VectorSchemaRoot take(VectorSchemaRoot source, Schema target, BufferAllocator allocator) {
    if (source.getFieldVectors().isEmpty() || sameRoot(source, allocator)) {
      return transfer(source, target, allocator);
    }
    return copy(source, target, allocator);
  }

  private static boolean sameRoot(VectorSchemaRoot source, BufferAllocator allocator) {
    return source.getVector(0).getAllocator().getRoot() == allocator.getRoot();
  }

  private static VectorSchemaRoot transfer(VectorSchemaRoot source, Schema target, BufferAllocator allocator) {
    int rows = source.getRowCount();
    List<Field> fields = target.getFields();
    List<FieldVector> out = new ArrayList<>(fields.size());
    try {
      for (int i = 0; i < fields.size(); i++) {
        FieldVector to = fields.get(i).createVector(allocator);
        out.add(to);
        source.getVector(i).makeTransferPair(to).transfer();
      }
      return new VectorSchemaRoot(fields, out, rows);
    } catch (RuntimeException e) {
      closeQuietly(out, e);
      throw e;
    }
  }

  private static VectorSchemaRoot copy(VectorSchemaRoot source, Schema target, BufferAllocator allocator) {
    VectorSchemaRoot out = VectorSchemaRoot.create(target, allocator);
    List<ArrowBuf> copies = new ArrayList<>();
    try (ArrowRecordBatch batch = new VectorUnloader(source, true, false).getRecordBatch()) {
      for (ArrowBuf buf : batch.getBuffers()) {
        long length = buf.readableBytes();
        ArrowBuf copy = allocator.buffer(length);
        copies.add(copy);
        copy.setBytes(0, buf, buf.readerIndex(), length);
        copy.writerIndex(length);
      }
      // the new batch takes over the copies' references (retainBuffers=false); the loader retains
      // what the vectors keep, and closing the batch drops ours
      try (ArrowRecordBatch copied = new ArrowRecordBatch(batch.getLength(), batch.getNodes(),
          new ArrayList<>(copies), batch.getBodyCompression(), false, false)) {
        copies.clear();
        new VectorLoader(out).load(copied);
      }
      return out;
    } catch (RuntimeException e) {
      closeQuietly(copies, e);
      closeQuietly(List.of(out), e);
      throw e;
    }
  }

  /**
   * Checks that {@code actual}'s column types equal {@code expected}'s, positionally.
   *
   * @return {@code null} when they match, else a description of the first difference
   */
  static String mismatch(Schema expected, Schema actual) {
    List<Field> e = expected.getFields();
    List<Field> a = actual.getFields();
    if (e.size() != a.size()) {
      return "expected " + e.size() + " columns " + expected + " but the file has " + a.size() + " " + actual;
    }
    for (int i = 0; i < e.size(); i++) {
      if (!e.get(i).getType().equals(a.get(i).getType()) || !e.get(i).getChildren().equals(a.get(i).getChildren())) {
        return "column " + i + " (" + e.get(i).getName() + ") expected " + e.get(i).getType()
            + " but the file has " + a.get(i).getType();
      }
    }
    return null;
  }

  /** Bytes of the Arrow buffers holding the root's values (not capacity). */
  static long bufferBytes(VectorSchemaRoot root) {
    long bytes = 0;
    for (FieldVector v : root.getFieldVectors()) {
      bytes += v.getBufferSize();
    }
    return bytes;
  }

  private static void closeQuietly(List<? extends AutoCloseable> closeables, Throwable primary) {
    try {
      AutoCloseables.close(closeables);
    } catch (Exception suppressed) {
      primary.addSuppressed(suppressed);
    }
  }
}
