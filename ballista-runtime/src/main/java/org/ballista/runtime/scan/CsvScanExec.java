package org.ballista.runtime.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.TableSource;

/**
 * Scans CSV files with the engine's own byte-level parser ({@link CsvTokenizer}, {@link
 * CsvBatchReader}): RFC 4180 quoting, configurable delimiter, optional header line, only the projected
 * columns parsed. The files are spread over {@code min(targetPartitions, #files)} partitions balanced
 * by size; a partition reads its files one after the other, and a batch never spans two files.
 * Malformed rows raise an IO error naming the file, line, column and value.
 */
public final class CsvScanExec extends FileScanExec {
  private final TableSource.Csv source;
  private final int batchSize;

  /**
   * @param projection table column indexes read, in output order
   * @param outputSchema one field per projected column
   * @param batchSize rows per batch (the last batch of each file may be smaller)
   * @param targetPartitions the maximum number of partitions
   */
  public CsvScanExec(String tableName, TableSource.Csv source, int[] projection, Schema outputSchema, int batchSize,
      int targetPartitions) {
    super(tableName, source.files(), source.schema().getFields().size(), projection, outputSchema, targetPartitions);
    this.source = Objects.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    this.batchSize = batchSize;
  }

  @Override
  BatchStream open(List<String> files, TaskContext context) {
    return new CsvStream(files, context);
  }

  @Override
  String label() {
    return "CsvScanExec";
  }

  private final class CsvStream implements BatchStream {
    private final List<String> files;
    private final TaskContext context;
    private final CsvBatchReader reader;
    private int fileIndex;
    private InputStream input;
    private CsvTokenizer tokenizer;
    private boolean done;

    CsvStream(List<String> files, TaskContext context) {
      this.files = files;
      this.context = context;
      this.reader = new CsvBatchReader(source.schema(), projection, outputSchema, batchSize);
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
        while (true) {
          if (tokenizer == null) {
            if (fileIndex >= files.size()) {
              close();
              return null;
            }
            open(files.get(fileIndex++));
          }
          VectorSchemaRoot batch = reader.read(tokenizer, context.allocator());
          if (batch != null) {
            return batch;
          }
          closeFile();
        }
      } catch (RuntimeException e) {
        Closer.closeQuietly(e, this::close);
        throw e;
      }
    }

    private void open(String file) {
      try {
        input = Files.newInputStream(FileLists.toPath(file));
      } catch (NoSuchFileException e) {
        throw new BallistaException(BallistaException.Kind.IO, "table " + tableName + ": CSV file not found: " + file, e);
      } catch (IOException e) {
        throw new BallistaException(BallistaException.Kind.IO,
            "table " + tableName + ": cannot open CSV file " + file + ": " + e.getMessage(), e);
      }
      tokenizer = new CsvTokenizer(input, source.delimiter(), file);
      if (source.header()) {
        tokenizer.nextRecord();
      }
    }

    private void closeFile() {
      InputStream in = input;
      input = null;
      tokenizer = null;
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          throw new BallistaException(BallistaException.Kind.IO, "cannot close CSV file: " + e.getMessage(), e);
        }
      }
    }

    @Override
    public void close() {
      done = true;
      closeFile();
    }
  }
}
