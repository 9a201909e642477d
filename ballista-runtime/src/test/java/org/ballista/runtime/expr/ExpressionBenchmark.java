package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.Vectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of compiled expressions over TPC-H-like lineitem batches. Every invocation processes
 * {@value #ROWS} rows (split into batches of {@code batchSize}), so the score is rows per second.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -o -q -B test-compile -pl ballista-runtime -am
 * mvn -o -q -B dependency:build-classpath -pl ballista-runtime -Dmdep.outputFile=/tmp/rt.cp -Dmdep.includeScope=test
 * java --add-opens=java.base/java.nio=ALL-UNNAMED \
 *   -cp ballista-runtime/target/test-classes:ballista-runtime/target/classes:ballista-api/target/classes:$(cat /tmp/rt.cp) \
 *   org.openjdk.jmh.Main ExpressionBenchmark -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 *
 * (The forked JVM gets the Arrow flags from {@code @Fork}; add {@code -f 0} only for a quick look.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true", "-Darrow.enable_null_check_for_get=false"})
public class ExpressionBenchmark {
  static final int ROWS = 32768;

  @Param({"8192", "32768"})
  public int batchSize;

  private BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private VectorEvaluator charge;
  private VectorEvaluator q6Predicate;

  private static final DataType DEC = DataType.decimal(15, 2);

  @Setup(Level.Trial)
  public void setUp() {
    allocator = new RootAllocator();
    Schema schema = new Schema(List.of(
        Vectors.field("l_quantity", DEC, false),
        Vectors.field("l_extendedprice", DEC, false),
        Vectors.field("l_discount", DEC, false),
        Vectors.field("l_tax", DEC, false),
        Vectors.field("l_shipdate", DataType.DATE, false)));
    Random r = new Random(7);
    int start = (int) LocalDate.parse("1992-01-02").toEpochDay();
    for (int b = 0; b < ROWS / batchSize; b++) {
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      root.allocateNew();
      for (int i = 0; i < batchSize; i++) {
        setDecimal(root, 0, i, (1 + r.nextInt(50)) * 100L);
        setDecimal(root, 1, i, 90_000L + r.nextInt(10_000_000));
        setDecimal(root, 2, i, r.nextInt(11));
        setDecimal(root, 3, i, r.nextInt(9));
        ((DateDayVector) root.getVector(4)).setSafe(i, start + r.nextInt(2526));
      }
      root.setRowCount(batchSize);
      batches.add(root);
    }
    Expr price = new Expr.Column(1, DEC);
    Expr disc = new Expr.Column(2, DEC);
    Expr tax = new Expr.Column(3, DEC);
    Expr oneMinus = new Expr.Call(Op.SUBTRACT, List.of(new Expr.Literal(1, DataType.INT32), disc), DataType.decimal(16, 2));
    Expr onePlus = new Expr.Call(Op.ADD, List.of(new Expr.Literal(1, DataType.INT32), tax), DataType.decimal(16, 2));
    Expr discPrice = new Expr.Call(Op.MULTIPLY, List.of(price, oneMinus), DataType.decimal(32, 4));
    charge = ExpressionCompiler.compile(new Expr.Call(Op.MULTIPLY, List.of(discPrice, onePlus), DataType.decimal(38, 6)), schema);

    Expr ship = new Expr.Column(4, DataType.DATE);
    Expr lo = new Expr.Literal((int) LocalDate.parse("1994-01-01").toEpochDay(), DataType.DATE);
    Expr hi = new Expr.Literal((int) LocalDate.parse("1995-01-01").toEpochDay(), DataType.DATE);
    Expr qty = new Expr.Column(0, DEC);
    q6Predicate = ExpressionCompiler.compile(new Expr.Call(Op.AND, List.of(
        cmp(Op.GE, ship, lo), cmp(Op.LT, ship, hi),
        cmp(Op.GE, disc, new Expr.Literal(new BigDecimal("0.05"), DataType.decimal(3, 2))),
        cmp(Op.LE, disc, new Expr.Literal(new BigDecimal("0.07"), DataType.decimal(3, 2))),
        cmp(Op.LT, qty, new Expr.Literal(24, DataType.INT32))), DataType.BOOL), schema);
  }

  private static Expr cmp(Op op, Expr a, Expr b) {
    return new Expr.Call(op, List.of(a, b), DataType.BOOL);
  }

  private static void setDecimal(VectorSchemaRoot root, int col, int row, long unscaled) {
    DecimalVector v = (DecimalVector) root.getVector(col);
    if (row >= v.getValueCapacity()) {
      v.reAlloc();
    }
    DecimalVectors.setLong(v, row, unscaled);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batches.forEach(VectorSchemaRoot::close);
    batches.clear();
    allocator.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void chargeExpression(Blackhole bh) {
    for (VectorSchemaRoot batch : batches) {
      try (FieldVector v = charge.evaluate(batch, allocator)) {
        bh.consume(v.getValueCount());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void q6Predicate(Blackhole bh) {
    for (VectorSchemaRoot batch : batches) {
      try (FieldVector v = q6Predicate.evaluate(batch, allocator)) {
        bh.consume(v.getValueCount());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void q6PredicateAndFilter(Blackhole bh) {
    for (VectorSchemaRoot batch : batches) {
      try (BitVector p = (BitVector) q6Predicate.evaluate(batch, allocator);
          VectorSchemaRoot out = BatchFilter.filter(batch, p, allocator)) {
        bh.consume(out.getRowCount());
      }
    }
  }
}
