package org.ballista.transport.flight;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;
import org.ballista.api.types.DataType;
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
 * Shuffle-fetch throughput of one lineitem-like Arrow IPC file ({@code rows} rows in 8192-row
 * batches: BIGINT, DECIMAL(15,2), FLOAT64, DATE, VARCHAR(~20)):
 *
 * <ul>
 *   <li>{@code flightLoopback}: {@link FlightShuffleTransport} from a {@link FlightShuffleServer}
 *       over loopback TCP (server reads the file, gRPC frames it, client transfers every batch into
 *       the task's allocator).
 *   <li>{@code localDisk}: {@link LocalFirstShuffleTransport}'s direct read of the same file.
 * </ul>
 *
 * Each batch is closed at once. MB/s = payload MB (printed at setup: Arrow buffer bytes) / (time
 * per op); every iteration also prints its own MB/s. Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-transport-flight -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat /tmp/cp.txt):ballista-transport-flight/target/classes:ballista-transport-flight/target/test-classes" \
 *     org.openjdk.jmh.Main FlightShuffleBenchmark -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx1g"})
public class FlightShuffleBenchmark {
  private static final String PATH = "job1/1/0/data-0-0.arrow";
  private static final int BATCH = 8192;
  private static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("l_orderkey", DataType.INT64.toArrow()),
      Field.nullable("l_extendedprice", DataType.decimal(15, 2).toArrow()),
      Field.nullable("l_discount", DataType.FLOAT64.toArrow()),
      Field.nullable("l_shipdate", DataType.DATE.toArrow()),
      Field.nullable("l_comment", DataType.UTF8.toArrow())));

  @Param({"1500000"})
  public int rows;

  private BufferAllocator root;
  private Path workDir;
  private FlightShuffleServer server;
  private FlightShuffleTransport flight;
  private ShuffleTransport local;
  private ShuffleLocation location;
  private long payloadBytes;
  private long iterationBytes;
  private long iterationStart;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = new RootAllocator();
    workDir = Files.createTempDirectory("flight-bench");
    payloadBytes = writeFile(workDir.resolve(PATH));
    server = FlightShuffleServer.start(root, workDir, "127.0.0.1", 0);
    flight = new FlightShuffleTransport(root, Duration.ofMinutes(5));
    local = new LocalFirstShuffleTransport("exec-1", workDir, false, flight);
    location = new ShuffleLocation("exec-1", "127.0.0.1", server.port(), PATH, rows, payloadBytes);
    System.out.printf("%npayload: %d rows, %.1f MB of Arrow buffers, file %.1f MB%n", rows, payloadBytes / 1e6,
        Files.size(workDir.resolve(PATH)) / 1e6);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    local.close();
    server.close();
    root.close();
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    iterationBytes = 0;
    iterationStart = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    double seconds = (System.nanoTime() - iterationStart) / 1e9;
    System.out.printf("  [%.0f MB/s]", iterationBytes / 1e6 / seconds);
  }

  @Benchmark
  public long flightLoopback() {
    return drain(flight);
  }

  @Benchmark
  public long localDisk() {
    return drain(local);
  }

  private long drain(ShuffleTransport transport) {
    long seen = 0;
    try (BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE);
         BatchStream stream = transport.fetch(location, SCHEMA, new TaskContext(task, SessionConfig.defaults()))) {
      VectorSchemaRoot batch;
      while ((batch = stream.next()) != null) {
        try (VectorSchemaRoot b = batch) {
          seen += BatchTransfer.bufferBytes(b);
        }
      }
    }
    iterationBytes += seen;
    return seen;
  }

  private long writeFile(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    long bytes = 0;
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, root);
         FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         ArrowFileWriter writer = new ArrowFileWriter(batch, null, channel)) {
      writer.start();
      BigIntVector keys = (BigIntVector) batch.getVector(0);
      DecimalVector prices = (DecimalVector) batch.getVector(1);
      Float8Vector discounts = (Float8Vector) batch.getVector(2);
      DateDayVector dates = (DateDayVector) batch.getVector(3);
      VarCharVector comments = (VarCharVector) batch.getVector(4);
      byte[] text = "carefully final deposits detect slyly".getBytes(StandardCharsets.UTF_8);
      for (int first = 0; first < rows; first += BATCH) {
        int n = Math.min(BATCH, rows - first);
        batch.clear();
        for (int i = 0; i < n; i++) {
          long r = first + i;
          keys.setSafe(i, r / 4);
          prices.setSafe(i, 90_000 + r % 10_000_000);
          discounts.setSafe(i, (r % 11) / 100.0);
          dates.setSafe(i, 8_000 + (int) (r % 2_500));
          comments.setSafe(i, text, (int) (r % 3), 10 + (int) (r % 25));
        }
        batch.setRowCount(n);
        writer.writeBatch();
        bytes += BatchTransfer.bufferBytes(batch);
      }
      writer.end();
    }
    return bytes;
  }
}
