package org.ballista.runtime.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.WindowCall;
import org.ballista.api.plan.WindowCall.WindowFunction;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.Batches;
import org.ballista.runtime.sort.SortExec;
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
 * {@code ROW_NUMBER() OVER w, SUM(v) OVER w} with {@code w = (PARTITION BY p ORDER BY o ROWS
 * UNBOUNDED PRECEDING)} on 1M rows (INT32 p with 1000 distinct values, INT64 o, INT64 v with ~1%
 * NULLs) in 8192-row batches. {@link #window} reads input already sorted by (p, o) (the operator
 * alone); {@link #sortAndWindow} reads it shuffled through a SortExec, as a planned query would.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *   -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp ballista-runtime/target/test-classes:ballista-runtime/target/classes:$(cat /tmp/cp.txt) \
 *   org.openjdk.jmh.Main WindowBenchmark -wi 1 -i 1 -f 1
 * </pre>
 * The input batches are built once and shared zero-copy with each run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx2g"})
public class WindowBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int PARTITIONS = 1000;
  private static final int BATCH = 8192;
  private static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("p", DataType.INT32, true), Vectors.field("o", DataType.INT64, true),
      Vectors.field("v", DataType.INT64, true)));
  private static final WindowFrame RUNNING = new WindowFrame(WindowFrame.Units.ROWS,
      WindowFrame.Bound.unboundedPreceding(), WindowFrame.Bound.currentRow());
  private static final List<WindowCall> CALLS = List.of(
      new WindowCall(WindowFunction.ROW_NUMBER, -1, 0, null, WindowFrame.WHOLE_PARTITION, DataType.INT64, "rn"),
      new WindowCall(WindowFunction.SUM, 2, 0, null, RUNNING, DataType.INT64, "running"));
  private static final List<SortKey> ORDER = List.of(new SortKey(1, true, true));
  private static final Schema OUT;

  static {
    List<Field> fields = new ArrayList<>(SCHEMA.getFields());
    fields.add(Vectors.field("rn", DataType.INT64, true));
    fields.add(Vectors.field("running", DataType.INT64, true));
    OUT = new Schema(fields);
  }

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> sorted;
  private List<VectorSchemaRoot> shuffled;
  private TaskContext context;

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    context = new TaskContext(allocator, new SessionConfig(1, BATCH));
    int[] p = new int[ROWS];
    long[] o = new long[ROWS];
    for (int i = 0; i < ROWS; i++) {
      p[i] = i / (ROWS / PARTITIONS);
      o[i] = i;
    }
    sorted = batches(p, o, new Random(1));
    Random r = new Random(2);
    for (int i = ROWS - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tp = p[i];
      p[i] = p[j];
      p[j] = tp;
      long to = o[i];
      o[i] = o[j];
      o[j] = to;
    }
    shuffled = batches(p, o, new Random(1));
  }

  private List<VectorSchemaRoot> batches(int[] p, long[] o, Random r) {
    List<VectorSchemaRoot> out = new ArrayList<>();
    for (int start = 0; start < ROWS; start += BATCH) {
      int n = Math.min(BATCH, ROWS - start);
      VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
      IntVector pv = (IntVector) root.getVector(0);
      BigIntVector ov = (BigIntVector) root.getVector(1);
      BigIntVector vv = (BigIntVector) root.getVector(2);
      pv.allocateNew(n);
      ov.allocateNew(n);
      vv.allocateNew(n);
      for (int i = 0; i < n; i++) {
        pv.set(i, p[start + i]);
        ov.set(i, o[start + i]);
        if (r.nextInt(100) == 0) {
          vv.setNull(i);
        } else {
          vv.set(i, r.nextInt(1_000_000));
        }
      }
      pv.setValueCount(n);
      ov.setValueCount(n);
      vv.setValueCount(n);
      root.setRowCount(n);
      out.add(root);
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sorted.forEach(VectorSchemaRoot::close);
    shuffled.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  private long run(ExecutionPlan plan) {
    long rows = 0;
    try (BatchStream s = plan.execute(0, context)) {
      for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  @Benchmark
  public long window() {
    return run(new WindowExec(new SharedBatchesExec(sorted), new int[] {0}, ORDER, CALLS, OUT));
  }

  @Benchmark
  public long sortAndWindow() {
    List<SortKey> keys = List.of(new SortKey(0, true, true), ORDER.get(0));
    return run(new WindowExec(new SortExec(new SharedBatchesExec(shuffled), keys), new int[] {0}, ORDER, CALLS, OUT));
  }

  /** Yields zero-copy views of prepared batches. */
  private static final class SharedBatchesExec implements ExecutionPlan {
    private final List<VectorSchemaRoot> batches;

    SharedBatchesExec(List<VectorSchemaRoot> batches) {
      this.batches = batches;
    }

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

  /** Quick manual check without JMH: prints rows/s of each case. */
  public static void main(String[] args) {
    WindowBenchmark b = new WindowBenchmark();
    b.setUp();
    try {
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        long w = b.window();
        long t1 = System.nanoTime();
        long sw = b.sortAndWindow();
        long t2 = System.nanoTime();
        System.out.printf("window %d rows %.1f ms (%.1f M rows/s), sort+window %d rows %.1f ms (%.1f M rows/s)%n",
            w, (t1 - t0) / 1e6, w * 1e3 / (t1 - t0), sw, (t2 - t1) / 1e6, sw * 1e3 / (t2 - t1));
      }
    } finally {
      b.tearDown();
    }
  }
}
