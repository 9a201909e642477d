package org.ballista.runtime.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes Parquet files for tests with arrow-dataset's writer. */
final class ParquetTestFiles {
  private ParquetTestFiles() {}

  /** Writes {@code batches} (borrowed) as one Parquet file {@code target} and returns its path. */
  static Path write(BufferAllocator allocator, Schema schema, List<VectorSchemaRoot> batches, Path target) {
    try {
      Path tmpDir = Files.createTempDirectory(target.getParent(), "w");
      // The writer may release its last batch on a native thread shortly after returning
      // (arrow-java #1255): write through a child allocator and wait until it is empty.
      try (BufferAllocator writer = allocator.newChildAllocator("parquet-writer", 0, Long.MAX_VALUE)) {
        try (InMemoryArrowReader reader = new InMemoryArrowReader(writer, schema, batches)) {
          DatasetFileWriter.write(writer, reader, FileFormat.PARQUET, tmpDir.toUri().toString());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (writer.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Path written;
      try (Stream<Path> files = Files.list(tmpDir)) {
        written = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      }
      Files.move(written, target);
      Files.delete(tmpDir);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
