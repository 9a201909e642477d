package org.ballista.tpch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import io.trino.tpch.TpchEntity;
import org.ballista.api.BallistaException;

/**
 * Generates the eight TPC-H tables with {@code io.trino.tpch} and writes them as Parquet:
 * {@code <out>/<table>/part-NNNNN.parquet}. A large table is split into generator parts of at most
 * about {@code rowsPerFile} rows, one file each, generated in parallel on {@code threads} threads;
 * batches (and so Parquet row groups) have {@code batchRows} rows. Values are exactly those the
 * generator emits (money from its integer cents).
 *
 * <p>Immutable and thread-safe; each {@link #generate} call makes its own thread pool.
 */
public final class TpchDataGenerator {
  public static final long DEFAULT_ROWS_PER_FILE = 1_000_000;
  public static final int DEFAULT_THREADS = 2;
  public static final int DEFAULT_BATCH_ROWS = 32_768;

  private static final String TMP_PREFIX = "_tmp-";
  private static final long RELEASE_TIMEOUT_NANOS = 10_000_000_000L;

  private final double scaleFactor;
  private final long rowsPerFile;
  private final int threads;
  private final int batchRows;

  /** A generator with the default file size, thread count and batch size. */
  public TpchDataGenerator(double scaleFactor) {
    this(scaleFactor, DEFAULT_ROWS_PER_FILE, DEFAULT_THREADS, DEFAULT_BATCH_ROWS);
  }

  public TpchDataGenerator(double scaleFactor, long rowsPerFile, int threads, int batchRows) {
    if (!(scaleFactor > 0) || Double.isInfinite(scaleFactor)) {
      throw new IllegalArgumentException("scale factor must be > 0, got " + scaleFactor);
    }
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rowsPerFile must be >= 1, got " + rowsPerFile);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    this.scaleFactor = scaleFactor;
    this.rowsPerFile = rowsPerFile;
    this.threads = threads;
    this.batchRows = batchRows;
  }

  public double scaleFactor() {
    return scaleFactor;
  }

  /** What one table came to. {@code millis} is wall time from its first part's start to its last part's end. */
  public record TableResult(String table, long rows, int files, long millis) {}

  /** The tables in {@link TpchSchemas#TABLE_NAMES} order and the total wall time. */
  public record Report(List<TableResult> tables, long totalMillis) {
    public long totalRows() {
      return tables.stream().mapToLong(TableResult::rows).sum();
    }
  }

  /** Generates all eight tables into {@code out}. */
  public Report generate(Path out, BufferAllocator allocator) {
    return generate(out, allocator, TpchSchemas.TABLE_NAMES);
  }

  /**
   * Generates {@code tables} into {@code out}, replacing earlier {@code part-*.parquet} files of
   * those tables. Buffers come from child allocators of {@code allocator}, all closed on return.
   */
  public Report generate(Path out, BufferAllocator allocator, List<String> tables) {
    long start = System.nanoTime();
    List<Task> tasks = new ArrayList<>();
    Map<String, TableProgress> progress = new LinkedHashMap<>();
    for (String name : tables) {
      TpchTableSpec<?> spec = TpchTableSpec.byName(name);
      Path dir = out.resolve(spec.name());
      prepareTableDir(dir);
      int parts = spec.partCount(scaleFactor, rowsPerFile);
      TableProgress p = new TableProgress();
      progress.put(spec.name(), p);
      for (int part = 1; part <= parts; part++) {
        tasks.add(new Task(spec, part, parts, dir, p));
      }
    }
    // Largest parts first, so the pool is not left with one big part at the end.
    tasks.sort(Comparator.comparingLong(Task::estimatedRows).reversed());
    runAll(tasks, allocator);
    List<TableResult> results = new ArrayList<>();
    for (Map.Entry<String, TableProgress> e : progress.entrySet()) {
      TableProgress p = e.getValue();
      results.add(new TableResult(e.getKey(), p.rows, p.files.get(), (p.lastEnd - p.firstStart) / 1_000_000));
    }
    return new Report(List.copyOf(results), (System.nanoTime() - start) / 1_000_000);
  }

  private void runAll(List<Task> tasks, BufferAllocator allocator) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, tasks.size())), r -> {
      Thread t = new Thread(r, "tpch-gen");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Task task : tasks) {
        futures.add(pool.submit(() -> task.run(allocator)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof BallistaException be) {
            throw be;
          }
          throw new BallistaException(BallistaException.Kind.IO,
              "TPC-H generation failed: " + cause, cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(other -> other.cancel(true));
          throw new BallistaException(BallistaException.Kind.CANCELLED, "TPC-H generation interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates {@code dir} and removes the files an earlier run of this generator left there. */
  private static void prepareTableDir(Path dir) {
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (name.startsWith(TMP_PREFIX)) {
            deleteRecursively(p);
          } else if (name.startsWith("part-") && name.endsWith(".parquet")) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot prepare directory " + dir + ": " + e, e);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  /**
   * Waits until the native writer has released the batches it imported: the last of them can be
   * released by one of its threads just after {@code DatasetFileWriter.write} returns (see
   * apache/arrow-java#1255), and closing the allocator before that would report a leak.
   */
  private static void awaitReleased(BufferAllocator allocator) {
    long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Per-table bookkeeping shared by the parts of one table. */
  private static final class TableProgress {
    final AtomicInteger files = new AtomicInteger();
    long rows;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;

    synchronized void partDone(long partRows, boolean wroteFile, long start, long end) {
      rows += partRows;
      if (wroteFile) {
        files.incrementAndGet();
      }
      firstStart = Math.min(firstStart, start);
      lastEnd = Math.max(lastEnd, end);
    }
  }

  /** One generator part written to one file. */
  private final class Task {
    final TpchTableSpec<?> spec;
    final int part;
    final int partCount;
    final Path dir;
    final TableProgress progress;

    Task(TpchTableSpec<?> spec, int part, int partCount, Path dir, TableProgress progress) {
      this.spec = spec;
      this.part = part;
      this.partCount = partCount;
      this.dir = dir;
      this.progress = progress;
    }

    long estimatedRows() {
      return spec.estimatedRows(scaleFactor) / partCount;
    }

    void run(BufferAllocator allocator) {
      long start = System.nanoTime();
      long rows = write(spec, allocator);
      boolean wrote = rows > 0;
      progress.partDone(rows, wrote, start, System.nanoTime());
    }

    private <E extends TpchEntity> long write(TpchTableSpec<E> typed, BufferAllocator allocator) {
      String fileName = String.format("part-%05d.parquet", part - 1);
      Path tmp = dir.resolve(TMP_PREFIX + fileName);
      long rows;
      boolean done = false;
      try {
        try (BufferAllocator child = allocator.newChildAllocator(typed.name() + "-" + part, 0, Long.MAX_VALUE)) {
          try (GeneratedBatchReader<E> reader = new GeneratedBatchReader<>(
              child, typed, typed.generate(scaleFactor, part, partCount), batchRows)) {
            DatasetFileWriter.write(child, reader, FileFormat.PARQUET, tmp.toUri().toString());
            rows = reader.rowCount();
          } finally {
            awaitReleased(child);
          }
        }
        if (rows > 0) {
          Path written = singleFile(tmp);
          Files.move(written, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
      } catch (IOException e) {
        throw new BallistaException(BallistaException.Kind.IO,
            "cannot write the Parquet file of " + typed.name() + " part " + part + ": " + e, e);
      } finally {
        try {
          deleteRecursively(tmp);
        } catch (IOException e) {
          if (done) {
            throw new BallistaException(BallistaException.Kind.IO, "cannot delete " + tmp + ": " + e, e);
          }
        }
      }
      return rows;
    }

    private Path singleFile(Path tmp) throws IOException {
      try (Stream<Path> files = Files.walk(tmp)) {
        List<Path> regular = files.filter(Files::isRegularFile).toList();
        if (regular.size() != 1) {
          throw new BallistaException(BallistaException.Kind.IO,
              "expected one file from the Parquet writer in " + tmp + ", found " + regular);
        }
        return regular.get(0);
      }
    }
  }
}
