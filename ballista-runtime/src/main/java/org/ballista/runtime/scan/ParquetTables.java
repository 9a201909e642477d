package org.ballista.runtime.scan;

import java.nio.file.Files;
import java.util.List;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;

/** Finding Parquet files, their schema and their row count, for table registration and planning. Stateless. */
public final class ParquetTables {
  private ParquetTables() {}

  /**
   * The files of a table stored at {@code path}: the path itself if it is a file; for a directory its
   * {@code *.parquet} files, or every regular non-hidden file (not starting with '.' or '_') if none
   * ends in {@code .parquet}. Absolute paths, sorted by name.
   *
   * @throws BallistaException NOT_FOUND if the path does not exist or holds no files
   */
  public static List<String> listFiles(String path) {
    return FileLists.list(path, ".parquet");
  }

  /**
   * The table schema, normalized to the engine's types (see {@link TypeNormalization}), as inferred by
   * arrow-dataset from the files (the first file's schema). Temporary native resources come from
   * {@code allocator} and are released before returning.
   *
   * @throws BallistaException IO naming the files if one is missing or not Parquet; UNSUPPORTED for a
   *     column type the engine has no counterpart for
   */
  public static Schema readSchema(List<String> files, BufferAllocator allocator) {
    if (files.isEmpty()) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "no Parquet files given");
    }
    checkExist(files);
    String[] uris = files.stream().map(FileLists::toUri).toArray(String[]::new);
    Schema raw;
    try (FileSystemDatasetFactory factory =
        new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, uris)) {
      raw = factory.inspect();
    } catch (RuntimeException e) {
      throw new BallistaException(BallistaException.Kind.IO,
          "cannot read the schema of Parquet " + (files.size() == 1 ? "file " + files.get(0) : "files " + files)
              + ": " + e.getMessage(), e);
    }
    return TypeNormalization.normalize(raw);
  }

  /**
   * The exact number of rows in {@code files}, read from each file's Parquet footer (only the footer
   * is read; no data page). arrow-dataset's Java API exposes no metadata or count call, so the
   * footer's Thrift struct is decoded directly. Local files only.
   *
   * @param allocator unused today (the footer is read into a small heap buffer); kept so a future
   *     implementation through the native library needs no signature change
   * @throws BallistaException IO naming the file if one is missing, truncated or not Parquet
   */
  public static long rowCount(List<String> files, BufferAllocator allocator) {
    long total = 0;
    for (String f : files) {
      total += ParquetFooter.numRows(f);
    }
    return total;
  }

  private static void checkExist(List<String> files) {
    for (String f : files) {
      if (!f.contains("://") && !Files.isRegularFile(FileLists.toPath(f))) {
        throw new BallistaException(BallistaException.Kind.IO, "Parquet file not found: " + f);
      }
    }
  }
}
