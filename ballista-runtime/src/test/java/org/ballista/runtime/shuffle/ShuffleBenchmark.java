package org.ballista.runtime.shuffle;

import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.types.DataType;
import org.ballista.runtime.scan.MemoryScanExec;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.Vectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the local shuffle over {@code rows} pre-built rows in 8192-row batches of
 * (BIGINT key, DECIMAL(15,2), VARCHAR ~18 bytes), handed out as zero-copy views:
 *
 * <ul>
 *   <li>{@code partitionOnly}: hash the key and split every batch into 8 pieces (no I/O).
 *   <li>{@code writeThenRead}: one map task hash-partitions all rows into 8 Arrow IPC files
 *       ({@link ShuffleWriterExec}), then all 8 files are read back ({@link ShuffleReaderExec} with
 *       {@link LocalFileFetcher}); the job directory is deleted at the end of each op (included).
 * </ul>
 *
 * Files go to {@code java.io.tmpdir}. Rows/s = {@code rows} / (time per op). Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat /tmp/cp.txt):ballista-runtime/target/classes:ballista-runtime/target/test-classes" \
 *     org.openjdk.jmh.Main ShuffleBenchmark -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx2g"})
public class ShuffleBenchmark {
  private static final int BATCH = 8192;
  private static final int OUTPUTS = 8;

  @Param({"2000000"})
  public int rows;

  private BufferAllocator allocator;
  private Schema schema;
  private List<VectorSchemaRoot> batches;
  private MemoryScanExec source;
  private Path workDir;
  private int job;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    allocator = new RootAllocator();
    schema = new Schema(List.of(Vectors.field("k", DataType.INT64, true),
        Vectors.field("price", DataType.decimal(15, 2), true), Vectors.field("name", DataType.UTF8, true)));
    Random random = new Random(1);
    batches = new ArrayList<>();
    for (int start = 0; start < rows; start += BATCH) {
      int n = Math.min(BATCH, rows - start);
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      for (FieldVector v : root.getFieldVectors()) {
        v.setInitialCapacity(n);
        v.allocateNew();
      }
      BigIntVector k = (BigIntVector) root.getVector(0);
      DecimalVector price = (DecimalVector) root.getVector(1);
      VarCharVector name = (VarCharVector) root.getVector(2);
      for (int i = 0; i < n; i++) {
        long key = random.nextInt(rows);
        k.set(i, key);
        DecimalVectors.setLong(price, i, random.nextInt(10_000_000));
        name.setSafe(i, String.format("Customer#%09d", key).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(n);
      batches.add(root);
    }
    source = new MemoryScanExec(schema, batches, new int[] {0, 1, 2}, schema, 1);
    workDir = Files.createTempDirectory("shuffle-bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
    ShuffleFiles.deleteRecursively(workDir);
  }

  @Benchmark
  public long partitionOnly() {
    long pieces = 0;
    int[] keys = {0};
    for (VectorSchemaRoot b : batches) {
      int[] ids = HashPartitioner.partitionOf(b, keys, OUTPUTS);
      VectorSchemaRoot[] parts = HashPartitioner.split(b, ids, OUTPUTS, allocator);
      for (VectorSchemaRoot p : parts) {
        if (p != null) {
          pieces += p.getRowCount();
        }
      }
      HashPartitioner.closeAll(parts);
    }
    return pieces;
  }

  @Benchmark
  public long writeThenRead() {
    String jobId = "bench-" + (job++);
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(1, BATCH));
    ShuffleWriterExec writer = new ShuffleWriterExec(jobId, 1, source, new int[] {0}, OUTPUTS, workDir);
    List<List<ShuffleLocation>> locations = new ArrayList<>();
    for (int p = 0; p < OUTPUTS; p++) {
      locations.add(new ArrayList<>());
    }
    try (BatchStream s = writer.execute(0, ctx); VectorSchemaRoot result = s.next()) {
      for (ShuffleOutput o : ShuffleOutput.fromBatch(result)) {
        locations.get(o.outputPartition()).add(o.toLocation("local", "localhost", 0));
      }
    }
    ShuffleReaderExec reader = new ShuffleReaderExec(schema, locations, new LocalFileFetcher(workDir));
    long read = 0;
    for (int p = 0; p < OUTPUTS; p++) {
      try (BatchStream s = reader.execute(p, ctx)) {
        VectorSchemaRoot b;
        while ((b = s.next()) != null) {
          read += b.getRowCount();
          b.close();
        }
      }
    }
    ShuffleFiles.deleteJob(workDir, jobId);
    if (read != rows) {
      throw new IllegalStateException("read " + read + " of " + rows + " rows");
    }
    return read;
  }
}
