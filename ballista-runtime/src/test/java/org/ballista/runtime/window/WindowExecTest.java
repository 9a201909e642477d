package org.ballista.runtime.window;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.WindowCall;
import org.ballista.api.plan.WindowCall.WindowFunction;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.plan.WindowFrame.Bound;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.sort.SortExec;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.Test;

class WindowExecTest extends AllocatorTest {
  static final WindowFrame ROWS_RUNNING = new WindowFrame(WindowFrame.Units.ROWS, Bound.unboundedPreceding(), Bound.currentRow());
  static final WindowFrame RANGE_RUNNING = WindowFrame.RANGE_UNBOUNDED_TO_CURRENT;
  static final WindowFrame SLIDING = new WindowFrame(WindowFrame.Units.ROWS, Bound.preceding(1), Bound.following(1));
  static final WindowFrame WHOLE = WindowFrame.WHOLE_PARTITION;
  static final WindowFrame AFTER = new WindowFrame(WindowFrame.Units.ROWS, Bound.following(1), Bound.unboundedFollowing());

  static WindowCall call(WindowFunction f, int arg, DataType type, WindowFrame frame) {
    return new WindowCall(f, arg, 0, null, frame, type, f.name().toLowerCase() + "_" + arg);
  }

  static WindowCall ranking(WindowFunction f, int offset, DataType type) {
    return new WindowCall(f, -1, offset, null, WHOLE, type, f.name().toLowerCase());
  }

  static WindowCall lagLead(WindowFunction f, int arg, int offset, Object dflt, DataType type) {
    return new WindowCall(f, arg, offset, new Expr.Literal(dflt, type), WHOLE, type, f.name().toLowerCase() + offset);
  }

  /** The input schema plus one nullable column per call. */
  static Schema outSchema(Schema in, List<WindowCall> calls) {
    List<Field> fields = new ArrayList<>(in.getFields());
    for (WindowCall c : calls) {
      fields.add(Vectors.field(c.name(), c.type(), true));
    }
    return new Schema(fields);
  }

  /** A window over a SortExec of {@code source} by partition keys (ASC NULLS FIRST) then order keys. */
  static WindowExec window(ExecutionPlan source, int[] partitionKeys, List<SortKey> orderKeys, List<WindowCall> calls) {
    List<SortKey> keys = new ArrayList<>();
    for (int k : partitionKeys) {
      keys.add(new SortKey(k, true, true));
    }
    keys.addAll(orderKeys);
    return new WindowExec(new SortExec(source, keys), partitionKeys, orderKeys, calls,
        outSchema(source.schema(), calls));
  }

  static SortKey asc(int column) {
    return new SortKey(column, true, true);
  }

  List<List<Object>> run(ExecutionPlan plan, TaskContext ctx) {
    List<List<Object>> out = new ArrayList<>();
    for (int p = 0; p < plan.outputPartitioning().partitionCount(); p++) {
      out.addAll(TestData.drain(plan.execute(p, ctx), ctx.config().batchSize()));
    }
    return out;
  }

  /** Column {@code c} of every row. */
  static List<Object> column(List<List<Object>> rows, int c) {
    List<Object> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add(r.get(c));
    }
    return out;
  }

  static List<Object[]> rows(Object[]... rows) {
    return Arrays.asList(rows);
  }

  static final Schema RANK_IN = TestData.schema("g", DataType.INT32, "o", DataType.INT64);

  @Test
  void rankingFunctionsWithTiesAndNullPartition() {
    BatchSourceExec source = BatchSourceExec.ofRows(RANK_IN,
        rows(new Object[] {1, 20L}, new Object[] {null, 1L}, new Object[] {2, 5L}),
        rows(new Object[] {1, 30L}, new Object[] {1, 10L}),
        rows(new Object[] {null, 1L}, new Object[] {1, 20L}));
    List<WindowCall> calls = List.of(
        ranking(WindowFunction.ROW_NUMBER, 0, DataType.INT64),
        ranking(WindowFunction.RANK, 0, DataType.INT64),
        ranking(WindowFunction.DENSE_RANK, 0, DataType.INT64),
        ranking(WindowFunction.PERCENT_RANK, 0, DataType.FLOAT64),
        ranking(WindowFunction.CUME_DIST, 0, DataType.FLOAT64),
        ranking(WindowFunction.NTILE, 3, DataType.INT64));
    List<List<Object>> rows = run(window(source, new int[] {0}, List.of(asc(1)), calls), context(3));
    assertEquals(List.of(
        row(null, 1L, 1L, 1L, 1L, 0.0, 1.0, 1L),
        row(null, 1L, 2L, 1L, 1L, 0.0, 1.0, 2L),
        row(1, 10L, 1L, 1L, 1L, 0.0, 0.25, 1L),
        row(1, 20L, 2L, 2L, 2L, 1.0 / 3, 0.75, 1L),
        row(1, 20L, 3L, 2L, 2L, 1.0 / 3, 0.75, 2L),
        row(1, 30L, 4L, 4L, 3L, 1.0, 1.0, 3L),
        row(2, 5L, 1L, 1L, 1L, 0.0, 1.0, 1L)), rows);
  }

  @Test
  void ntileSpreadsRowsEvenly() {
    List<Object[]> in = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      in.add(new Object[] {1, (long) i});
    }
    BatchSourceExec source = BatchSourceExec.ofRows(RANK_IN, in);
    List<WindowCall> calls = List.of(ranking(WindowFunction.NTILE, 4, DataType.INT64),
        ranking(WindowFunction.NTILE, 20, DataType.INT64));
    List<List<Object>> rows = run(window(source, new int[0], List.of(asc(1)), calls), context);
    assertEquals(List.of(1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 4L, 4L), column(rows, 2));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), column(rows, 3));
  }

  static final Schema AGG_IN = TestData.schema("g", DataType.INT32, "o", DataType.INT64, "v", DataType.INT64);

  /** g=NULL: one row; g=1: v 10,5,5,NULL,7 with o 1,2,2,3,4; g=2: only NULLs. Spread over batches. */
  static BatchSourceExec aggSource() {
    return BatchSourceExec.ofRows(AGG_IN,
        rows(new Object[] {1, 4L, 7L}, new Object[] {2, 2L, null}),
        rows(new Object[] {1, 2L, 5L}, new Object[] {null, 1L, 3L}, new Object[] {1, 1L, 10L}),
        rows(new Object[] {1, 3L, null}, new Object[] {2, 1L, null}),
        rows(new Object[] {1, 2L, 5L}));
  }

  List<List<Object>> aggregate(List<WindowCall> calls, int batchSize) {
    return run(window(aggSource(), new int[] {0}, List.of(asc(1)), calls), context(batchSize));
  }

  @Test
  void runningSumRowsVersusRangeWithTies() {
    List<WindowCall> calls = List.of(
        call(WindowFunction.SUM, 2, DataType.INT64, ROWS_RUNNING),
        call(WindowFunction.SUM, 2, DataType.INT64, RANGE_RUNNING),
        call(WindowFunction.COUNT, -1, DataType.INT64, RANGE_RUNNING),
        call(WindowFunction.COUNT, 2, DataType.INT64, ROWS_RUNNING));
    List<List<Object>> rows = aggregate(calls, 2);
    assertEquals(Arrays.asList(3L, 10L, 15L, 20L, 20L, 27L, null, null), column(rows, 3));
    assertEquals(Arrays.asList(3L, 10L, 20L, 20L, 20L, 27L, null, null), column(rows, 4));
    assertEquals(List.of(1L, 1L, 3L, 3L, 4L, 5L, 1L, 2L), column(rows, 5));
    assertEquals(List.of(1L, 1L, 2L, 3L, 3L, 4L, 0L, 0L), column(rows, 6));
    assertEquals(Arrays.asList(null, 1, 1, 1, 1, 1, 2, 2), column(rows, 0));
  }

  @Test
  void slidingFrameAggregates() {
    List<WindowCall> calls = List.of(
        call(WindowFunction.SUM, 2, DataType.INT64, SLIDING),
        call(WindowFunction.COUNT, 2, DataType.INT64, SLIDING),
        call(WindowFunction.AVG, 2, DataType.FLOAT64, SLIDING),
        call(WindowFunction.MIN, 2, DataType.INT64, SLIDING),
        call(WindowFunction.MAX, 2, DataType.INT64, SLIDING),
        call(WindowFunction.FIRST_VALUE, 2, DataType.INT64, SLIDING),
        call(WindowFunction.LAST_VALUE, 2, DataType.INT64, SLIDING));
    List<List<Object>> rows = aggregate(calls, 1024);
    assertEquals(Arrays.asList(3L, 15L, 20L, 10L, 12L, 7L, null, null), column(rows, 3));
    assertEquals(List.of(1L, 2L, 3L, 2L, 2L, 1L, 0L, 0L), column(rows, 4));
    assertEquals(Arrays.asList(3.0, 7.5, 20.0 / 3, 5.0, 6.0, 7.0, null, null), column(rows, 5));
    assertEquals(Arrays.asList(3L, 5L, 5L, 5L, 5L, 7L, null, null), column(rows, 6));
    assertEquals(Arrays.asList(3L, 10L, 10L, 5L, 7L, 7L, null, null), column(rows, 7));
    assertEquals(Arrays.asList(3L, 10L, 10L, 5L, 5L, null, null, null), column(rows, 8));
    assertEquals(Arrays.asList(3L, 5L, 5L, null, 7L, 7L, null, null), column(rows, 9));
  }

  @Test
  void wholePartitionAndFollowingFrames() {
    List<WindowCall> calls = List.of(
        call(WindowFunction.SUM, 2, DataType.INT64, WHOLE),
        call(WindowFunction.COUNT, -1, DataType.INT64, WHOLE),
        call(WindowFunction.MAX, 2, DataType.INT64, WHOLE),
        call(WindowFunction.SUM, 2, DataType.INT64, AFTER),
        call(WindowFunction.COUNT, 2, DataType.INT64, AFTER),
        call(WindowFunction.MIN, 2, DataType.INT64, AFTER),
        call(WindowFunction.LAST_VALUE, 2, DataType.INT64, RANGE_RUNNING),
        call(WindowFunction.FIRST_VALUE, 2, DataType.INT64, RANGE_RUNNING));
    List<List<Object>> rows = aggregate(calls, 3);
    assertEquals(Arrays.asList(3L, 27L, 27L, 27L, 27L, 27L, null, null), column(rows, 3));
    assertEquals(List.of(1L, 5L, 5L, 5L, 5L, 5L, 2L, 2L), column(rows, 4));
    assertEquals(Arrays.asList(3L, 10L, 10L, 10L, 10L, 10L, null, null), column(rows, 5));
    assertEquals(Arrays.asList(null, 17L, 12L, 7L, 7L, null, null, null), column(rows, 6));
    assertEquals(List.of(0L, 3L, 2L, 1L, 1L, 0L, 0L, 0L), column(rows, 7));
    assertEquals(Arrays.asList(null, 5L, 5L, 7L, 7L, null, null, null), column(rows, 8));
    assertEquals(Arrays.asList(3L, 10L, 5L, 5L, null, 7L, null, null), column(rows, 9));
    assertEquals(Arrays.asList(3L, 10L, 10L, 10L, 10L, 10L, null, null), column(rows, 10));
  }

  @Test
  void lagAndLeadWithDefaults() {
    List<WindowCall> calls = List.of(
        lagLead(WindowFunction.LAG, 2, 1, null, DataType.INT64),
        lagLead(WindowFunction.LEAD, 2, 2, -1L, DataType.INT64),
        lagLead(WindowFunction.LAG, 2, 0, null, DataType.INT64));
    List<List<Object>> rows = aggregate(calls, 2);
    assertEquals(Arrays.asList(null, null, 10L, 5L, 5L, null, null, null), column(rows, 3));
    assertEquals(Arrays.asList(-1L, 5L, null, 7L, -1L, -1L, -1L, -1L), column(rows, 4));
    assertEquals(column(rows, 2), column(rows, 5));
  }

  @Test
  void noPartitionKeysAndNoOrderKeysMakeOnePartitionOfPeers() {
    List<WindowCall> calls = List.of(
        call(WindowFunction.SUM, 2, DataType.INT64, RANGE_RUNNING),
        ranking(WindowFunction.RANK, 0, DataType.INT64),
        ranking(WindowFunction.ROW_NUMBER, 0, DataType.INT64));
    List<List<Object>> rows = run(new WindowExec(aggSource(), new int[0], List.of(), calls,
        outSchema(AGG_IN, calls)), context(3));
    assertEquals(8, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(30L, rows.get(i).get(3));
      assertEquals(1L, rows.get(i).get(4));
      assertEquals((long) i + 1, rows.get(i).get(5));
    }
  }

  static final Schema DEC_IN = TestData.schema("g", DataType.INT32, "d", DataType.decimal(10, 2), "i", DataType.INT32);

  @Test
  void decimalSumAndAverageRoundHalfAwayFromZero() {
    BatchSourceExec source = BatchSourceExec.ofRows(DEC_IN,
        rows(new Object[] {1, new BigDecimal("0.01"), 1}, new Object[] {1, new BigDecimal("0.02"), 2},
            new Object[] {2, new BigDecimal("-0.01"), -1}),
        rows(new Object[] {2, new BigDecimal("-0.02"), -2}, new Object[] {2, null, null},
            new Object[] {3, new BigDecimal("12345678.99"), 7}));
    List<WindowCall> calls = List.of(
        call(WindowFunction.SUM, 1, DataType.decimal(18, 2), WHOLE),
        call(WindowFunction.AVG, 1, DataType.decimal(10, 2), WHOLE),
        call(WindowFunction.AVG, 1, DataType.decimal(14, 6), WHOLE),
        call(WindowFunction.AVG, 2, DataType.INT32, WHOLE),
        call(WindowFunction.AVG, 2, DataType.decimal(12, 1), WHOLE),
        call(WindowFunction.SUM, 2, DataType.INT64, ROWS_RUNNING),
        call(WindowFunction.MIN, 1, DataType.decimal(10, 2), WHOLE),
        call(WindowFunction.AVG, 1, DataType.FLOAT64, WHOLE));
    List<List<Object>> rows = run(window(source, new int[] {0}, List.of(asc(2)), calls), context);
    // g=2 sorted by i: NULL first, then -2, -1
    assertEquals(List.of(
        row(1, new BigDecimal("0.01"), 1, new BigDecimal("0.03"), new BigDecimal("0.02"), new BigDecimal("0.015000"), 1, new BigDecimal("1.5"), 1L, new BigDecimal("0.01"), 0.015),
        row(1, new BigDecimal("0.02"), 2, new BigDecimal("0.03"), new BigDecimal("0.02"), new BigDecimal("0.015000"), 1, new BigDecimal("1.5"), 3L, new BigDecimal("0.01"), 0.015),
        Arrays.asList(2, null, null, new BigDecimal("-0.03"), new BigDecimal("-0.02"), new BigDecimal("-0.015000"), -1, new BigDecimal("-1.5"), null, new BigDecimal("-0.02"), -0.015),
        row(2, new BigDecimal("-0.02"), -2, new BigDecimal("-0.03"), new BigDecimal("-0.02"), new BigDecimal("-0.015000"), -1, new BigDecimal("-1.5"), -2L, new BigDecimal("-0.02"), -0.015),
        row(2, new BigDecimal("-0.01"), -1, new BigDecimal("-0.03"), new BigDecimal("-0.02"), new BigDecimal("-0.015000"), -1, new BigDecimal("-1.5"), -3L, new BigDecimal("-0.02"), -0.015),
        row(3, new BigDecimal("12345678.99"), 7, new BigDecimal("12345678.99"), new BigDecimal("12345678.99"), new BigDecimal("12345678.990000"), 7, new BigDecimal("7.0"), 7L, new BigDecimal("12345678.99"), 12345678.99)),
        rows);
  }

  static final Schema STR_IN = TestData.schema("g", DataType.UTF8, "s", DataType.UTF8, "day", DataType.DATE, "f", DataType.FLOAT64);

  @Test
  void stringsDatesAndDoubles() {
    BatchSourceExec source = BatchSourceExec.ofRows(STR_IN,
        rows(new Object[] {"b", "中文", 10, 1.5}, new Object[] {"a", "zeta", 3, Double.NaN}),
        rows(new Object[] {"a", "Alpha", 5, -2.0}, new Object[] {"a", null, null, null},
            new Object[] {"b", "é", 1, 2.5}, new Object[] {null, "x", 2, 0.25}));
    List<WindowCall> calls = List.of(
        call(WindowFunction.MIN, 1, DataType.UTF8, WHOLE),
        call(WindowFunction.MAX, 1, DataType.UTF8, WHOLE),
        call(WindowFunction.FIRST_VALUE, 1, DataType.UTF8, ROWS_RUNNING),
        lagLead(WindowFunction.LAG, 1, 1, "none", DataType.UTF8),
        call(WindowFunction.MAX, 2, DataType.DATE, RANGE_RUNNING),
        call(WindowFunction.SUM, 3, DataType.FLOAT64, WHOLE),
        call(WindowFunction.MAX, 3, DataType.FLOAT64, SLIDING));
    // partition by g, order by day (NULL first)
    List<List<Object>> rows = run(window(source, new int[] {0}, List.of(asc(2)), calls), context(2));
    assertEquals(6, rows.size());
    assertEquals(Arrays.asList(null, "a", "a", "a", "b", "b"), column(rows, 0));
    assertEquals(Arrays.asList("x", null, "zeta", "Alpha", "é", "中文"), column(rows, 1));
    assertEquals(Arrays.asList("x", "Alpha", "Alpha", "Alpha", "é", "é"), column(rows, 4));
    assertEquals(Arrays.asList("x", "zeta", "zeta", "zeta", "中文", "中文"), column(rows, 5));
    assertEquals(Arrays.asList("x", null, null, null, "é", "é"), column(rows, 6));
    assertEquals(Arrays.asList("none", "none", null, "zeta", "none", "é"), column(rows, 7));
    // DATE values read back as days since the epoch
    assertEquals(Arrays.asList(2, null, 3, 5, 1, 10), column(rows, 8));
    assertEquals(0.25, rows.get(0).get(9));
    assertTrue(Double.isNaN((Double) rows.get(1).get(9)));
    assertEquals(4.0, rows.get(4).get(9));
    // sliding MAX orders NaN above everything (like Double.compare)
    assertEquals(Arrays.asList(0.25, Double.NaN, Double.NaN, Double.NaN, 2.5, 2.5), column(rows, 10));
  }

  @Test
  void emptyInputYieldsNoBatch() {
    BatchSourceExec source = BatchSourceExec.ofRows(AGG_IN, List.of(), List.of());
    List<WindowCall> calls = List.of(call(WindowFunction.SUM, 2, DataType.INT64, SLIDING),
        lagLead(WindowFunction.LEAD, 2, 1, 5L, DataType.INT64));
    WindowExec plan = window(source, new int[] {0}, List.of(asc(1)), calls);
    try (BatchStream s = plan.execute(0, context)) {
      assertNull(s.next());
      assertNull(s.next());
    }
    assertEquals(0, source.openStreams());
  }

  @Test
  void severalInputPartitionsAreComputedIndependently() {
    // each partition pre-sorted by (g, o); no SortExec below
    List<List<List<Object[]>>> parts = List.of(
        List.of(rows(new Object[] {1, 1L, 1L}, new Object[] {1, 2L, 2L}), rows(new Object[] {3, 1L, 5L})),
        List.of(rows(new Object[] {2, 1L, 10L}), rows(new Object[] {2, 2L, 20L}, new Object[] {4, 9L, 1L})));
    BatchSourceExec source = BatchSourceExec.ofPartitions(AGG_IN, parts);
    List<WindowCall> calls = List.of(call(WindowFunction.SUM, 2, DataType.INT64, ROWS_RUNNING),
        ranking(WindowFunction.ROW_NUMBER, 0, DataType.INT64));
    WindowExec plan = new WindowExec(source, new int[] {0}, List.of(asc(1)), calls, outSchema(AGG_IN, calls));
    assertEquals(2, plan.outputPartitioning().partitionCount());
    assertEquals(List.of(row(1, 1L, 1L, 1L, 1L), row(1, 2L, 2L, 3L, 2L), row(3, 1L, 5L, 5L, 1L)),
        TestData.drain(plan.execute(0, context)));
    assertEquals(List.of(row(2, 1L, 10L, 10L, 1L), row(2, 2L, 20L, 30L, 2L), row(4, 9L, 1L, 1L, 1L)),
        TestData.drain(plan.execute(1, context)));
  }

  @Test
  void rangeWithOffsetIsUnsupported() {
    WindowFrame frame = new WindowFrame(WindowFrame.Units.RANGE, Bound.preceding(3), Bound.currentRow());
    List<WindowCall> calls = List.of(call(WindowFunction.SUM, 2, DataType.INT64, frame));
    BallistaException e = assertThrows(BallistaException.class,
        () -> window(aggSource(), new int[] {0}, List.of(asc(1)), calls));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
    assertTrue(e.getMessage().contains("RANGE") && e.getMessage().contains("PRECEDING"), e.getMessage());
  }

  @Test
  void invalidCallsAreRejectedAtConstruction() {
    List<WindowCall> sumOfString = List.of(call(WindowFunction.SUM, 1, DataType.UTF8, WHOLE));
    assertThrows(BallistaException.class,
        () -> window(BatchSourceExec.ofRows(STR_IN), new int[0], List.of(), sumOfString));
    List<WindowCall> badArg = List.of(call(WindowFunction.MAX, 7, DataType.INT64, WHOLE));
    assertThrows(BallistaException.class, () -> window(aggSource(), new int[0], List.of(), badArg));
  }

  @Test
  void overflowFailsTheStreamWithoutLeaks() {
    BatchSourceExec source = BatchSourceExec.ofRows(AGG_IN,
        rows(new Object[] {1, 1L, Long.MAX_VALUE}, new Object[] {1, 2L, 1L}, new Object[] {1, 3L, -5L}));
    List<WindowCall> running = List.of(call(WindowFunction.SUM, 2, DataType.INT64, ROWS_RUNNING));
    WindowExec plan = window(source, new int[] {0}, List.of(asc(1)), running);
    BatchStream s = plan.execute(0, context);
    BallistaException e = assertThrows(BallistaException.class, s::next);
    assertEquals(BallistaException.Kind.EXECUTION, e.kind());
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    s.close();
    // a sliding frame never holding both large values does not overflow, though the running total does
    List<WindowCall> sliding = List.of(call(WindowFunction.SUM, 2, DataType.INT64,
        new WindowFrame(WindowFrame.Units.ROWS, Bound.currentRow(), Bound.currentRow())));
    List<List<Object>> rows = run(window(source, new int[] {0}, List.of(asc(1)), sliding), context);
    assertEquals(List.of(Long.MAX_VALUE, 1L, -5L), column(rows, 3));
  }

  @Test
  void inputFailureClosesEverything() {
    List<Function<BufferAllocator, VectorSchemaRoot>> batches = List.of(
        a -> TestData.batchOfRows(a, AGG_IN, List.<Object[]>of(new Object[] {1, 1L, 1L})),
        a -> {
          throw BallistaException.execution("boom");
        });
    BatchSourceExec source = new BatchSourceExec(AGG_IN, List.of(batches));
    List<WindowCall> calls = List.of(call(WindowFunction.SUM, 2, DataType.INT64, ROWS_RUNNING));
    WindowExec plan = new WindowExec(source, new int[] {0}, List.of(asc(1)), calls, outSchema(AGG_IN, calls));
    BatchStream s = plan.execute(0, context);
    assertThrows(BallistaException.class, s::next);
    s.close();
    assertEquals(0, source.openStreams());
  }

  @Test
  void earlyCloseReleasesBufferedRows() {
    List<WindowCall> calls = List.of(lagLead(WindowFunction.LAG, 2, 1, 0L, DataType.INT64));
    try (BatchStream s = window(aggSource(), new int[] {0}, List.of(asc(1)), calls).execute(0, context(2))) {
      try (VectorSchemaRoot first = s.next()) {
        assertEquals(2, first.getRowCount());
      }
    }
  }

  @Test
  void describeNamesCallsAndFrames() {
    List<WindowCall> calls = List.of(call(WindowFunction.SUM, 2, DataType.INT64, SLIDING));
    String d = window(aggSource(), new int[] {0}, List.of(asc(1)), calls).describe();
    assertTrue(d.contains("SUM(#2) ROWS 1 PRECEDING..1 FOLLOWING"), d);
  }
}
