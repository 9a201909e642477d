package org.ballista.transport.flight;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;

/**
 * The batches of a local Arrow IPC file, read straight from disk into the task's allocator; each
 * batch is transferred out of the reader's reused root. The file is opened on the first {@code
 * next()}. Single consumer.
 */
final class LocalFileStream implements BatchStream {
  private final Path file;
  private final String relative;
  private final Schema schema;
  private final TaskContext context;
  private final LongAdder bytesCounter;
  private ArrowFileReader reader;
  private boolean exhausted;
  private boolean closed;

  LocalFileStream(Path file, String relative, Schema schema, TaskContext context, LongAdder bytesCounter) {
    this.file = file;
    this.relative = relative;
    this.schema = schema;
    this.context = context;
    this.bytesCounter = bytesCounter;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      throw new IllegalStateException("local shuffle stream of " + relative + " is closed");
    }
    if (exhausted) {
      return null;
    }
    context.checkCancelled();
    try {
      if (reader == null) {
        open();
      }
      if (!reader.loadNextBatch()) {
        exhausted = true;
        closeReader();
        return null;
      }
      VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
      long bytes = BatchTransfer.bufferBytes(loaded);
      VectorSchemaRoot batch = BatchTransfer.take(loaded, schema, context.allocator());
      bytesCounter.add(bytes);
      return batch;
    } catch (NoSuchFileException e) {
      throw new BallistaException(BallistaException.Kind.IO, "local shuffle file not found: " + relative + " (" + file
          + ")", e);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read local shuffle file " + relative + " ("
          + file + "): " + e.getMessage(), e);
    } catch (BallistaException e) {
      throw e;
    } catch (RuntimeException e) {
      // e.g. InvalidArrowFileException for a truncated or foreign file
      throw new BallistaException(BallistaException.Kind.IO, "cannot read local shuffle file " + relative + " ("
          + file + "): " + e, e);
    }
  }

  private void open() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ArrowFileReader opened = new ArrowFileReader(channel, context.allocator());
      reader = opened;
      String mismatch = BatchTransfer.mismatch(schema, opened.getVectorSchemaRoot().getSchema());
      if (mismatch != null) {
        throw new BallistaException(BallistaException.Kind.INTERNAL, "local shuffle file " + relative + ": " + mismatch);
      }
    } catch (IOException | RuntimeException e) {
      if (reader == null) {
        channel.close();
      }
      throw e;
    }
  }

  private void closeReader() throws IOException {
    if (reader != null) {
      ArrowFileReader r = reader;
      reader = null;
      r.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeReader();
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot close local shuffle file " + relative, e);
    }
  }
}
