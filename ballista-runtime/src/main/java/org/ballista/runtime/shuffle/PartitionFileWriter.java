package org.ballista.runtime.shuffle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;

/**
 * Appends batches to one new Arrow IPC file (uncompressed; writes buffered in 64 KiB). Each appended batch is loaded zero-copy
 * into a staging root bound to an {@link ArrowFileWriter} and written as one record batch. The file
 * is created with {@code CREATE_NEW}: an existing file (another attempt's) is never overwritten.
 * Not thread-safe; {@link #finish} or {@link #abort} must be called exactly once.
 */
final class PartitionFileWriter {
  /** Bytes buffered per open file before a write to disk. */
  private static final int WRITE_BUFFER = 64 * 1024;

  private final Path path;
  private final int outputPartition;
  private final VectorSchemaRoot staging;
  private final VectorLoader loader;
  private final ArrowFileWriter writer;
  private long rows;
  private long batches;

  /** The path reported to readers: relative to the executor's work dir, with forward slashes. */
  private final String reportedPath;

  PartitionFileWriter(Path path, String reportedPath, int outputPartition, Schema schema, BufferAllocator allocator) {
    this.reportedPath = reportedPath;
    this.path = path;
    this.outputPartition = outputPartition;
    FileChannel channel;
    try {
      Files.createDirectories(path.getParent());
      channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new BallistaException(BallistaException.Kind.IO,
          "shuffle file " + path + " already exists: each task attempt must write its own files", e);
    } catch (IOException e) {
      throw LocalFileFetcher.ioError(path, "cannot create", e);
    }
    VectorSchemaRoot root = null;
    try {
      root = VectorSchemaRoot.create(schema, allocator);
      ArrowFileWriter w = new ArrowFileWriter(root, null, new BufferedFileChannel(channel, WRITE_BUFFER));
      w.start();
      this.staging = root;
      this.loader = new VectorLoader(root);
      this.writer = w;
    } catch (IOException | RuntimeException e) {
      if (root != null) {
        root.close();
      }
      try {
        channel.close();
        Files.deleteIfExists(path);
      } catch (IOException c) {
        e.addSuppressed(c);
      }
      throw LocalFileFetcher.ioError(path, "cannot start writing", e);
    }
  }

  /** Writes {@code batch} (not closed; it must have the file's schema and at least one row). */
  void append(VectorSchemaRoot batch) {
    try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
      loader.load(record);
      writer.writeBatch();
    } catch (IOException e) {
      throw LocalFileFetcher.ioError(path, "cannot write", e);
    }
    rows += batch.getRowCount();
    batches++;
  }

  /** Ends and closes the file and describes it. */
  ShuffleOutput finish() {
    try {
      writer.end();
      writer.close();
      staging.close();
      return new ShuffleOutput(outputPartition, reportedPath, rows, batches, Files.size(path));
    } catch (IOException | RuntimeException e) {
      abort();
      throw e instanceof BallistaException b ? b : LocalFileFetcher.ioError(path, "cannot finish", e);
    }
  }

  /** Closes everything quietly and deletes the partial file. */
  void abort() {
    try {
      writer.close();
    } catch (RuntimeException ignored) {
      // the file is deleted below; the original failure is what matters
    }
    staging.close();
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: the file is not reported, so no reader will look for it
    }
  }
}
