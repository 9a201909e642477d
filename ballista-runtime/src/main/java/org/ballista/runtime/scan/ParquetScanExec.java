package org.ballista.runtime.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.TableSource;

/**
 * Scans Parquet files through arrow-dataset. The table's files are split into {@code
 * min(targetPartitions, #files)} groups balanced by file size; partition {@code p} reads group
 * {@code p} (one dataset over those files), so a table stored in several files is read in parallel.
 *
 * <p>Only the projected columns are read. Each batch the native reader yields is moved (zero-copy
 * where the type already matches) into a new batch owned by the caller, with the field names and
 * engine types of {@code outputSchema}. The native reader, scanner, dataset and factory are opened
 * on the first {@link BatchStream#next()} and closed when the stream ends, fails or is closed.
 * Missing or unreadable files raise {@link BallistaException.Kind#IO} naming the file(s).
 */
public final class ParquetScanExec extends FileScanExec {
  private final TableSource.Parquet source;

  /**
   * @param projection table column indexes read, in output order
   * @param outputSchema one field per projected column (names and engine types of the output)
   * @param targetPartitions the maximum number of partitions
   */
  public ParquetScanExec(String tableName, TableSource.Parquet source, int[] projection, Schema outputSchema,
      int targetPartitions) {
    super(tableName, source.files(), source.schema().getFields().size(), projection, outputSchema, targetPartitions);
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  BatchStream open(List<String> files, TaskContext context) {
    return new ParquetStream(files, context);
  }

  @Override
  String label() {
    return "ParquetScanExec";
  }

  private final class ParquetStream implements BatchStream {
    private final List<String> files;
    private final TaskContext context;
    private BufferAllocator allocator;
    private FileSystemDatasetFactory factory;
    private Dataset dataset;
    private Scanner scanner;
    private ArrowReader reader;
    private boolean done;

    ParquetStream(List<String> files, TaskContext context) {
      this.files = files;
      this.context = context;
      this.done = files.isEmpty();
    }

    @Override
    public Schema schema() {
      return outputSchema;
    }

    @Override
    public VectorSchemaRoot next() {
      if (done) {
        return null;
      }
      context.checkCancelled();
      try {
        if (reader == null) {
          open();
        }
        boolean loaded;
        try {
          loaded = reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
          throw ioError("cannot read", e);
        }
        if (!loaded) {
          close();
          return null;
        }
        return take(reader.getVectorSchemaRoot());
      } catch (RuntimeException | IOException e) {
        RuntimeException error = e instanceof BallistaException be ? be : ioError("cannot read", e);
        Closer.closeQuietly(error, this::close);
        throw error;
      }
    }

    private void open() {
      for (String f : files) {
        if (!f.contains("://") && !Files.isRegularFile(FileLists.toPath(f))) {
          throw new BallistaException(BallistaException.Kind.IO,
              "table " + tableName + ": Parquet file not found: " + f);
        }
      }
      String[] uris = files.stream().map(FileLists::toUri).toArray(String[]::new);
      // Arrow's C-data import keeps a small struct per imported batch alive until every buffer
      // imported from it is released, which can be long after this stream ends (a batch passed on
      // zero-copy, or a query result the caller still holds). So the import is charged to the
      // long-lived root allocator, while the batches themselves move to the task's allocator.
      allocator = context.allocator().getRoot();
      try {
        factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(), FileFormat.PARQUET, uris);
        dataset = factory.finish();
        scanner = dataset.newScan(new ScanOptions.Builder(context.config().batchSize())
            .columns(Optional.of(distinctColumnNames()))
            .build());
        reader = scanner.scanBatches();
      } catch (RuntimeException e) {
        throw ioError("cannot open", e);
      }
    }

    /** Moves the reader's current batch into a new caller-owned batch of the output schema. */
    private VectorSchemaRoot take(VectorSchemaRoot from) {
      int rows = from.getRowCount();
      BufferAllocator target = context.allocator();
      List<FieldVector> out = new ArrayList<>(projection.length);
      FieldVector[] moved = new FieldVector[source.schema().getFields().size()];
      try {
        for (int i = 0; i < projection.length; i++) {
          int column = projection[i];
          Field want = outputSchema.getFields().get(i);
          if (moved[column] != null) {
            out.add(org.ballista.runtime.vector.Vectors.share(moved[column], rows, target));
            continue;
          }
          String name = source.schema().getFields().get(column).getName();
          FieldVector src = from.getVector(name);
          if (src == null) {
            throw new BallistaException(BallistaException.Kind.IO,
                "table " + tableName + ": column " + name + " not found in " + String.join(", ", files));
          }
          FieldVector v = TypeNormalization.moveInto(src, want, rows, target);
          moved[column] = v;
          out.add(v);
        }
      } catch (RuntimeException e) {
        Closer.closeQuietly(e, out.toArray(new AutoCloseable[0]));
        throw e;
      }
      return org.ballista.runtime.vector.Vectors.batch(outputSchema, out, rows);
    }

    private String[] distinctColumnNames() {
      return Arrays.stream(projection).distinct()
          .mapToObj(c -> source.schema().getFields().get(c).getName())
          .toArray(String[]::new);
    }

    private BallistaException ioError(String what, Exception e) {
      if (e instanceof BallistaException be) {
        return be;
      }
      String where = files.size() == 1 ? "Parquet file " + files.get(0) : "Parquet files " + files;
      return new BallistaException(BallistaException.Kind.IO,
          "table " + tableName + ": " + what + " " + where + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
      done = true;
      ArrowReader r = reader;
      Scanner s = scanner;
      Dataset d = dataset;
      FileSystemDatasetFactory f = factory;
      reader = null;
      scanner = null;
      dataset = null;
      factory = null;
      allocator = null;
      Closer.closeAll(r, s, d, f);
    }
  }
}
