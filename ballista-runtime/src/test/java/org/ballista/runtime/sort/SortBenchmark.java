package org.ballista.runtime.sort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.Batches;
import org.ballista.runtime.vector.Vectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SortExec on 1M rows (BIGINT with ~1% NULLs, VARCHAR of 8-24 ASCII chars) in 8192-row batches,
 * sorted by (bigint DESC NULLS LAST, varchar ASC NULLS FIRST): full sort, and top-100.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *   -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp ballista-runtime/target/test-classes:ballista-runtime/target/classes:$(cat /tmp/cp.txt) \
 *   org.openjdk.jmh.Main SortBenchmark -wi 2 -i 3
 * </pre>
 * ({@code /tmp/cp.txt} is written last for ballista-runtime and then holds the other modules'
 * {@code target/classes}.) {@link #main} runs both cases five times without JMH and prints the
 * CPU time of each, for a quick look on a busy machine.
 * The benchmark's input batches are built once and shared zero-copy with each run, so only the
 * sort (key extraction, ordering, gathering the output) is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx2g"})
public class SortBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int BATCH = 8192;
  private static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("k", DataType.INT64, true), Vectors.field("s", DataType.UTF8, true)));
  private static final List<SortKey> KEYS = List.of(new SortKey(0, false, false), new SortKey(1, true, true));

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> batches;
  private ExecutionPlan source;
  private TaskContext context;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    context = new TaskContext(allocator, new SessionConfig(1, BATCH));
    batches = new ArrayList<>();
    Random r = new Random(1);
    byte[] chars = new byte[24];
    for (int start = 0; start < ROWS; start += BATCH) {
      int n = Math.min(BATCH, ROWS - start);
      VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
      BigIntVector k = (BigIntVector) root.getVector(0);
      VarCharVector s = (VarCharVector) root.getVector(1);
      k.allocateNew(n);
      s.allocateNew(16L * n, n);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(100) == 0) {
          k.setNull(i);
        } else {
          k.set(i, r.nextInt(100_000));
        }
        int len = 8 + r.nextInt(17);
        for (int c = 0; c < len; c++) {
          chars[c] = (byte) ('a' + r.nextInt(26));
        }
        s.setSafe(i, chars, 0, len);
      }
      k.setValueCount(n);
      s.setValueCount(n);
      root.setRowCount(n);
      batches.add(root);
    }
    source = new SharedBatchesExec();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  private long run(SortExec sort) {
    long rows = 0;
    try (BatchStream s = sort.execute(0, context)) {
      for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  @Benchmark
  public long fullSort() {
    return run(new SortExec(source, KEYS));
  }

  @Benchmark
  public long top100() {
    return run(new SortExec(source, KEYS, 0, 100));
  }

  /** Yields zero-copy views of the prepared batches. */
  private final class SharedBatchesExec implements ExecutionPlan {
    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public Partitioning outputPartitioning() {
      return Partitioning.SINGLE;
    }

    @Override
    public List<ExecutionPlan> children() {
      return List.of();
    }

    @Override
    public BatchStream execute(int partition, TaskContext ctx) {
      return new BatchStream() {
        private int next;

        @Override
        public Schema schema() {
          return SCHEMA;
        }

        @Override
        public VectorSchemaRoot next() {
          if (next >= batches.size()) {
            return null;
          }
          VectorSchemaRoot b = batches.get(next++);
          return Batches.slice(b, 0, b.getRowCount(), ctx.allocator());
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String describe() {
      return "SharedBatches";
    }
  }

  /** Quick manual check without JMH. */
  public static void main(String[] args) {
    SortBenchmark b = new SortBenchmark();
    b.setUp();
    try {
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int i = 0; i < 5; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long full = b.fullSort();
        long c1 = mx.getCurrentThreadCpuTime();
        long top = b.top100();
        long c2 = mx.getCurrentThreadCpuTime();
        System.out.printf("full sort %d rows %.1f ms CPU, top-100 %d rows %.1f ms CPU%n",
            full, (c1 - c0) / 1e6, top, (c2 - c1) / 1e6);
      }
    } finally {
      b.tearDown();
    }
  }
}
