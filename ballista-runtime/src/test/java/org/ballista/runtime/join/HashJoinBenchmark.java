package org.ballista.runtime.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.JoinType;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hash join throughput: build 1M rows (BIGINT key, DECIMAL(15,2) payload), probe 4M rows (BIGINT
 * key, BIGINT payload) where every probe row matches exactly one build row (an orders ⋈ lineitem
 * shaped FK join). Scores are rows per second ({@code build}: build rows; {@code probe}: probe rows
 * with the build held in memory; {@code probeSemi}: the same probe as a SEMI join).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *   -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp ballista-runtime/target/test-classes:ballista-runtime/target/classes:$(cat /tmp/cp.txt) \
 *   org.openjdk.jmh.Main HashJoinBenchmark -wi 1 -i 3
 * </pre>
 *
 * <p>(test-compile and build-classpath must run in one reactor invocation so that the sibling
 * modules resolve to their target/classes.) Measured on the shared 2-core box under heavy load
 * (thread CPU time, so indicative only): build ~18M rows/s, INNER probe ~25M rows/s, SEMI probe
 * ~45M rows/s per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx4g"})
public class HashJoinBenchmark {
  static final int BUILD_ROWS = 1_000_000;
  static final int PROBE_ROWS = 4_000_000;
  static final int BATCH = 8192;

  private BufferAllocator allocator;
  private TaskContext context;
  private List<VectorSchemaRoot> buildBatches;
  private List<VectorSchemaRoot> probeBatches;
  private HashJoinExec join;
  private HashJoinExec semi;
  private BatchStream holdJoin;
  private BatchStream holdSemi;
  private HashJoinExec buildOnly;

  /** A leaf plan replaying stored batches as zero-copy views: partition 0 is one tiny batch. */
  static final class Replay implements ExecutionPlan {
    private final Schema schema;
    private final List<VectorSchemaRoot> batches;
    private final boolean warmPartition;

    Replay(Schema schema, List<VectorSchemaRoot> batches, boolean warmPartition) {
      this.schema = schema;
      this.batches = batches;
      this.warmPartition = warmPartition;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public Partitioning outputPartitioning() {
      return new Partitioning.Unknown(warmPartition ? 2 : 1);
    }

    @Override
    public List<ExecutionPlan> children() {
      return List.of();
    }

    @Override
    public BatchStream execute(int partition, TaskContext ctx) {
      boolean tiny = warmPartition && partition == 0;
      return new BatchStream() {
        int next;

        @Override
        public Schema schema() {
          return schema;
        }

        @Override
        public VectorSchemaRoot next() {
          if (next >= (tiny ? 1 : batches.size())) {
            return null;
          }
          VectorSchemaRoot src = batches.get(next++);
          int rows = tiny ? 1 : src.getRowCount();
          List<FieldVector> vectors = new ArrayList<>();
          for (FieldVector v : src.getFieldVectors()) {
            TransferPair tp = v.getTransferPair(ctx.allocator());
            tp.splitAndTransfer(0, rows);
            vectors.add((FieldVector) tp.getTo());
          }
          return new VectorSchemaRoot(schema.getFields(), vectors, rows);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String describe() {
      return "Replay";
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    context = new TaskContext(allocator, new SessionConfig(1, BATCH));
    Schema buildSchema = HashJoinExecTest.schema("o_orderkey", DataType.INT64, "o_totalprice", DataType.decimal(15, 2));
    Schema probeSchema = HashJoinExecTest.schema("l_orderkey", DataType.INT64, "l_quantity", DataType.INT64);
    Random rnd = new Random(1);
    buildBatches = new ArrayList<>();
    for (int start = 0; start < BUILD_ROWS; start += BATCH) {
      int n = Math.min(BATCH, BUILD_ROWS - start);
      VectorSchemaRoot b = VectorSchemaRoot.create(buildSchema, allocator);
      b.allocateNew();
      BigIntVector k = (BigIntVector) b.getVector(0);
      DecimalVector d = (DecimalVector) b.getVector(1);
      k.allocateNew(n);
      d.allocateNew(n);
      for (int i = 0; i < n; i++) {
        long key = start + i;
        k.set(i, key * 4 + 1); // sparse keys like TPC-H orderkeys
        DecimalVectors.setLong(d, i, 100_00 + rnd.nextInt(1_000_000));
      }
      b.setRowCount(n);
      buildBatches.add(b);
    }
    probeBatches = new ArrayList<>();
    for (int start = 0; start < PROBE_ROWS; start += BATCH) {
      int n = Math.min(BATCH, PROBE_ROWS - start);
      VectorSchemaRoot b = VectorSchemaRoot.create(probeSchema, allocator);
      b.allocateNew();
      BigIntVector k = (BigIntVector) b.getVector(0);
      BigIntVector q = (BigIntVector) b.getVector(1);
      k.allocateNew(n);
      q.allocateNew(n);
      for (int i = 0; i < n; i++) {
        // clustered like lineitem: about four consecutive rows per order
        k.set(i, ((long) (start + i) / 4) * 4 + 1);
        q.set(i, 1 + rnd.nextInt(50));
      }
      b.setRowCount(n);
      probeBatches.add(b);
    }
    Replay build = new Replay(buildSchema, buildBatches, false);
    Replay probe = new Replay(probeSchema, probeBatches, true);
    join = HashJoinExecTest.join(probe, build, JoinType.INNER, 0, 0);
    semi = HashJoinExecTest.join(probe, build, JoinType.SEMI, 0, 0);
    buildOnly = HashJoinExecTest.join(new Replay(probeSchema, probeBatches.subList(0, 1), false), build,
        JoinType.INNER, 0, 0);
  }

  @Setup(Level.Iteration)
  public void holdBuilds() {
    holdJoin = join.execute(0, context);
    drain(holdJoin, false);
    holdSemi = semi.execute(0, context);
    drain(holdSemi, false);
  }

  @TearDown(Level.Iteration)
  public void releaseBuilds() {
    holdJoin.close();
    holdSemi.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buildBatches.forEach(VectorSchemaRoot::close);
    probeBatches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  private static long drain(BatchStream s, boolean close) {
    long rows = 0;
    VectorSchemaRoot b;
    while ((b = s.next()) != null) {
      rows += b.getRowCount();
      b.close();
    }
    if (close) {
      s.close();
    }
    return rows;
  }

  /** Builds the 1M-row hash table (and probes one 8192-row batch). */
  @Benchmark
  @OperationsPerInvocation(BUILD_ROWS)
  public long build() {
    return drain(buildOnly.execute(0, context), true);
  }

  /** Probes 4M rows against the held build: INNER, every row matches once. */
  @Benchmark
  @OperationsPerInvocation(PROBE_ROWS)
  public long probe() {
    return drain(join.execute(1, context), true);
  }

  /** Probes 4M rows against the held build: SEMI. */
  @Benchmark
  @OperationsPerInvocation(PROBE_ROWS)
  public long probeSemi() {
    return drain(semi.execute(1, context), true);
  }
}
