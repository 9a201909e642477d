package org.ballista.runtime.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.TableSource;
import org.ballista.api.types.DataType;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Full scan of 3 columns (BIGINT, DECIMAL(15,2), DATE) of a generated Parquet file through {@link
 * ParquetScanExec}, batches consumed and closed like an operator would.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *     -Dmdep.outputFile=/tmp/runtime-cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *     -cp ballista-runtime/target/test-classes:ballista-runtime/target/classes:$(cat /tmp/runtime-cp.txt) \
 *     org.openjdk.jmh.Main ParquetScanBenchmark -wi 2 -i 5
 * </pre>
 *
 * ({@code -p rows=1000000} for a smaller file.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false"})
public class ParquetScanBenchmark {
  static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("k", DataType.INT64, false),
      Vectors.field("qty", DataType.INT32, false),
      Vectors.field("price", DataType.decimal(15, 2), false),
      Vectors.field("ship", DataType.DATE, false),
      Vectors.field("comment", DataType.UTF8, false)));

  @Param({"3000000"})
  public int rows;

  private Path dir;
  private BufferAllocator allocator;
  private ParquetScanExec scan;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    allocator = new RootAllocator();
    dir = Files.createTempDirectory("parquet-bench");
    Path out = Files.createDirectory(dir.resolve("out"));
    try (ArrowReader reader = new GeneratingReader(allocator, rows, 32_768)) {
      DatasetFileWriter.write(allocator, reader, FileFormat.PARQUET, out.toUri().toString());
    }
    List<String> files = ParquetTables.listFiles(out.toString());
    Schema table = ParquetTables.readSchema(files, allocator);
    int[] projection = {0, 2, 3};
    Schema projected = new Schema(List.of(table.getFields().get(0), table.getFields().get(2), table.getFields().get(3)));
    scan = new ParquetScanExec("bench", new TableSource.Parquet(files, table), projection, projected, 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public long scanThreeColumns(Blackhole bh) {
    long total = 0;
    try (BatchStream stream = scan.execute(0, new TaskContext(allocator, new SessionConfig(1, 32_768)))) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          total += b.getRowCount();
          bh.consume(b.getVector(0));
        }
      }
    }
    return total;
  }

  /** Generates rows batch by batch into its own root (nothing held beyond one batch). */
  static final class GeneratingReader extends ArrowReader {
    private final int rows;
    private final int batchRows;
    private int produced;

    GeneratingReader(BufferAllocator allocator, int rows, int batchRows) {
      super(allocator);
      this.rows = rows;
      this.batchRows = batchRows;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (produced >= rows) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      int n = Math.min(batchRows, rows - produced);
      root.allocateNew();
      BigIntVector k = (BigIntVector) root.getVector(0);
      IntVector qty = (IntVector) root.getVector(1);
      DecimalVector price = (DecimalVector) root.getVector(2);
      DateDayVector ship = (DateDayVector) root.getVector(3);
      VarCharVector comment = (VarCharVector) root.getVector(4);
      for (int r = 0; r < n; r++) {
        long i = produced + r;
        k.setSafe(r, i);
        qty.setSafe(r, (int) (i % 50) + 1);
        price.setSafe(r, (i * 7919) % 10_000_000); // the unscaled value
        ship.setSafe(r, 8_000 + (int) (i % 2_500));
        comment.setSafe(r, ("comment " + (i % 1000)).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(n);
      produced += n;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return SCHEMA;
    }
  }
}
