package org.ballista.runtime.aggregate;

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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateCall.AggregateFunction;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.types.DataType;
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
 * Throughput of {@link HashAggregateExec} (SINGLE mode, one partition) over pre-built in-memory
 * batches of 8192 rows (handed out as zero-copy views, so input generation is not measured):
 *
 * <ul>
 *   <li>{@code bigintKey}: GROUP BY one BIGINT key with ~{@code rows / 2} distinct values in random
 *       order (Q18-like, ~1M groups at 2M rows): SUM(DECIMAL(15,2)), COUNT(*).
 *   <li>{@code q1Like}: GROUP BY two one-character VARCHAR keys (4 groups, like TPC-H Q1):
 *       SUM and AVG over DECIMAL(15,2) columns, COUNT(*).
 * </ul>
 *
 * Rows/s = {@code rows} / (reported time per op). Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -pl ballista-runtime -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp "$(cat /tmp/cp.txt):ballista-runtime/target/classes:ballista-runtime/target/test-classes" \
 *     org.openjdk.jmh.Main HashAggregateBenchmark -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false", "-Xmx4g"})
public class HashAggregateBenchmark {
  private static final int BATCH = 8192;

  @Param({"2000000"})
  public int rows;

  private BufferAllocator allocator;
  private List<VectorSchemaRoot> bigintBatches;
  private List<VectorSchemaRoot> q1Batches;
  private HashAggregateExec bigintAgg;
  private HashAggregateExec q1Agg;

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    Random random = new Random(1);
    DataType money = DataType.decimal(15, 2);

    Schema bigintSchema = new Schema(List.of(Vectors.field("k", DataType.INT64, true), Vectors.field("v", money, true)));
    bigintBatches = new ArrayList<>();
    int distinct = Math.max(1, rows / 2);
    for (int start = 0; start < rows; start += BATCH) {
      int n = Math.min(BATCH, rows - start);
      VectorSchemaRoot root = allocate(bigintSchema, n);
      BigIntVector k = (BigIntVector) root.getVector(0);
      DecimalVector v = (DecimalVector) root.getVector(1);
      for (int i = 0; i < n; i++) {
        k.set(i, random.nextInt(distinct) * 4L + 1);
        DecimalVectors.setLong(v, i, random.nextInt(10_000_000));
      }
      root.setRowCount(n);
      bigintBatches.add(root);
    }
    List<AggregateCall> bigintCalls = List.of(
        new AggregateCall(AggregateFunction.SUM, 1, false, -1, DataType.decimal(38, 2), "s"),
        new AggregateCall(AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "n"));
    bigintAgg = aggregate(new Source(bigintSchema, bigintBatches), new int[] {0}, bigintCalls);

    Schema q1Schema = new Schema(List.of(
        Vectors.field("l_returnflag", DataType.UTF8, true), Vectors.field("l_linestatus", DataType.UTF8, true),
        Vectors.field("l_quantity", money, true), Vectors.field("l_extendedprice", money, true),
        Vectors.field("l_discount", money, true), Vectors.field("disc_price", DataType.decimal(31, 4), true)));
    q1Batches = new ArrayList<>();
    byte[][] flags = {{'A'}, {'N'}, {'R'}};
    byte[][] status = {{'F'}, {'O'}};
    for (int start = 0; start < rows; start += BATCH) {
      int n = Math.min(BATCH, rows - start);
      VectorSchemaRoot root = allocate(q1Schema, n);
      VarCharVector flag = (VarCharVector) root.getVector(0);
      VarCharVector stat = (VarCharVector) root.getVector(1);
      for (int i = 0; i < n; i++) {
        int f = random.nextInt(3);
        flag.setSafe(i, flags[f]);
        stat.setSafe(i, status[f == 1 ? random.nextInt(2) : 0]);
        long qty = (1 + random.nextInt(50)) * 100L;
        long price = 90_000 + random.nextInt(10_000_000);
        long discount = random.nextInt(11);
        DecimalVectors.setLong((DecimalVector) root.getVector(2), i, qty);
        DecimalVectors.setLong((DecimalVector) root.getVector(3), i, price);
        DecimalVectors.setLong((DecimalVector) root.getVector(4), i, discount);
        DecimalVectors.setLong((DecimalVector) root.getVector(5), i, price * (100 - discount));
      }
      root.setRowCount(n);
      q1Batches.add(root);
    }
    DataType avgType = DataType.decimal(19, 6);
    List<AggregateCall> q1Calls = List.of(
        new AggregateCall(AggregateFunction.SUM, 2, false, -1, DataType.decimal(38, 2), "sum_qty"),
        new AggregateCall(AggregateFunction.SUM, 3, false, -1, DataType.decimal(38, 2), "sum_base_price"),
        new AggregateCall(AggregateFunction.SUM, 5, false, -1, DataType.decimal(38, 4), "sum_disc_price"),
        new AggregateCall(AggregateFunction.AVG, 2, false, -1, avgType, "avg_qty"),
        new AggregateCall(AggregateFunction.AVG, 3, false, -1, avgType, "avg_price"),
        new AggregateCall(AggregateFunction.AVG, 4, false, -1, avgType, "avg_disc"),
        new AggregateCall(AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "count_order"));
    q1Agg = aggregate(new Source(q1Schema, q1Batches), new int[] {0, 1}, q1Calls);
  }

  private VectorSchemaRoot allocate(Schema schema, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    for (FieldVector v : root.getFieldVectors()) {
      v.setInitialCapacity(n);
      v.allocateNew();
    }
    return root;
  }

  private static HashAggregateExec aggregate(ExecutionPlan input, int[] keys, List<AggregateCall> calls) {
    List<Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(input.schema().getFields().get(k));
    }
    for (AggregateCall c : calls) {
      fields.add(Vectors.field(c.name(), c.type(), true));
    }
    return new HashAggregateExec(input, keys, calls, AggregateMode.SINGLE, new Schema(fields));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bigintBatches.forEach(VectorSchemaRoot::close);
    q1Batches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  @Benchmark
  public long bigintKey() {
    return drain(bigintAgg);
  }

  @Benchmark
  public long q1Like() {
    return drain(q1Agg);
  }

  private long drain(HashAggregateExec agg) {
    TaskContext ctx = new TaskContext(allocator, SessionConfig.defaults());
    long groups = 0;
    try (BatchStream stream = agg.execute(0, ctx)) {
      VectorSchemaRoot batch;
      while ((batch = stream.next()) != null) {
        groups += batch.getRowCount();
        batch.close();
      }
    }
    return groups;
  }

  /** Hands out zero-copy views of pre-built batches (each view owned and closed by the consumer). */
  private record Source(Schema schema, List<VectorSchemaRoot> batches) implements ExecutionPlan {
    @Override
    public Partitioning outputPartitioning() {
      return Partitioning.SINGLE;
    }

    @Override
    public List<ExecutionPlan> children() {
      return List.of();
    }

    @Override
    public String describe() {
      return "BenchmarkSource";
    }

    @Override
    public BatchStream execute(int partition, TaskContext context) {
      return new BatchStream() {
        int next;

        @Override
        public Schema schema() {
          return schema;
        }

        @Override
        public VectorSchemaRoot next() {
          if (next >= batches.size()) {
            return null;
          }
          VectorSchemaRoot source = batches.get(next++);
          List<FieldVector> views = new ArrayList<>();
          for (FieldVector v : source.getFieldVectors()) {
            views.add(Vectors.share(v, source.getRowCount(), context.allocator()));
          }
          return Vectors.batch(schema, views, source.getRowCount());
        }

        @Override
        public void close() {}
      };
    }
  }
}
