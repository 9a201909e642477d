package org.ballista.runtime.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.AggregateCall.AggregateFunction;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HashAggregateExecTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close(); // fails the test on any leaked buffer
  }

  // ---------------------------------------------------------------- helpers

  static Field f(String name, DataType type) {
    return Vectors.field(name, type, true);
  }

  static Schema schema(Field... fields) {
    return new Schema(List.of(fields));
  }

  static AggregateCall call(AggregateFunction fn, int arg, DataType type, String name) {
    return new AggregateCall(fn, arg, false, -1, type, name);
  }

  static Object[] row(Object... values) {
    return values;
  }

  static List<Object[]> batch(Object[]... rows) {
    return new ArrayList<>(Arrays.asList(rows));
  }

  /** Output schema of a SINGLE/FINAL aggregation: the key fields of {@code input}, then one field per call. */
  static Schema outputSchema(Schema input, int[] keys, List<AggregateCall> calls) {
    List<Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(input.getFields().get(k));
    }
    for (AggregateCall c : calls) {
      fields.add(f(c.name(), c.type()));
    }
    return new Schema(fields);
  }

  static HashAggregateExec single(ExecutionPlan input, int[] keys, List<AggregateCall> calls) {
    return new HashAggregateExec(input, keys, calls, AggregateMode.SINGLE, outputSchema(input.schema(), keys, calls));
  }

  /** PARTIAL per input partition, then everything into one FINAL. */
  static HashAggregateExec twoPhase(ExecutionPlan input, int[] keys, List<AggregateCall> calls) {
    Schema partialSchema = HashAggregateExec.partialSchema(input.schema(), keys, calls);
    HashAggregateExec partial = new HashAggregateExec(input, keys, calls, AggregateMode.PARTIAL, partialSchema);
    return new HashAggregateExec(new CoalesceForTest(partial), HashAggregateExec.finalGroupKeys(keys),
        HashAggregateExec.finalCalls(keys, calls), AggregateMode.FINAL, outputSchema(input.schema(), keys, calls));
  }

  List<List<Object>> run(ExecutionPlan plan, int batchSize) {
    List<List<Object>> rows = new ArrayList<>();
    for (int p = 0; p < plan.outputPartitioning().partitionCount(); p++) {
      TaskContext ctx = new TaskContext(allocator, SessionConfig.defaults().withBatchSize(batchSize));
      rows.addAll(TestData.drain(plan.execute(p, ctx), batchSize));
    }
    rows.sort(ROWS);
    return rows;
  }

  List<List<Object>> run(ExecutionPlan plan) {
    return run(plan, 8192);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final Comparator<List<Object>> ROWS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = ((Comparable) x).compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  static List<Object> r(Object... values) {
    return Arrays.asList(values);
  }

  static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  // ---------------------------------------------------------------- grouping by each key type

  @Test
  void groupsByIntWithNullKeysAndNullValues() {
    Schema s = schema(f("k", DataType.INT32), f("v", DataType.INT64));
    BatchSourceExec src = BatchSourceExec.ofRows(s,
        batch(row(1, 10L), row(2, 5L), row(1, null), row(null, 7L)),
        batch(row(2, 3L), row(null, null), row(1, 1L)));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.COUNT, -1, DataType.INT64, "cnt_star"),
        call(AggregateFunction.COUNT, 1, DataType.INT64, "cnt_v"),
        call(AggregateFunction.SUM, 1, DataType.INT64, "sum_v"),
        call(AggregateFunction.MIN, 1, DataType.INT64, "min_v"),
        call(AggregateFunction.MAX, 1, DataType.INT64, "max_v"),
        call(AggregateFunction.AVG, 1, DataType.FLOAT64, "avg_v"),
        call(AggregateFunction.ANY_VALUE, 1, DataType.INT64, "any_v"));
    List<List<Object>> rows = run(single(src, new int[] {0}, calls));
    assertEquals(List.of(
        r(null, 2L, 1L, 7L, 7L, 7L, 7.0, 7L),
        r(1, 3L, 2L, 11L, 1L, 10L, 5.5, 10L),
        r(2, 2L, 2L, 8L, 3L, 5L, 4.0, 5L)), rows);
    assertEquals(1, src.closed.get());
  }

  @Test
  void groupsByVarcharAndDateWithNullsAndDecimalAggregates() {
    Schema s = schema(f("s", DataType.UTF8), f("d", DataType.DATE), f("x", DataType.decimal(12, 2)));
    LocalDate d1 = LocalDate.of(2020, 1, 1);
    LocalDate d2 = LocalDate.of(2020, 1, 2);
    BatchSourceExec src = BatchSourceExec.ofRows(s,
        batch(row("a", d1, d("1.50")), row("b", d1, d("2.25")), row("a", d1, d("0.50")), row("a", null, d("3.00"))),
        batch(row(null, d2, d("4.00")), row("a", null, null), row(null, d2, d("1.00")), row("", d1, d("9.99"))));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.SUM, 2, DataType.decimal(38, 2), "sum_x"),
        call(AggregateFunction.AVG, 2, DataType.decimal(18, 4), "avg_x"),
        call(AggregateFunction.MAX, 2, DataType.decimal(12, 2), "max_x"),
        call(AggregateFunction.COUNT, -1, DataType.INT64, "n"));
    List<List<Object>> rows = run(single(src, new int[] {0, 1}, calls));
    int day1 = (int) d1.toEpochDay();
    int day2 = (int) d2.toEpochDay();
    assertEquals(List.of(
        r(null, day2, d("5.00"), d("2.5000"), d("4.00"), 2L),
        r("", day1, d("9.99"), d("9.9900"), d("9.99"), 1L),
        r("a", null, d("3.00"), d("3.0000"), d("3.00"), 2L),
        r("a", day1, d("2.00"), d("1.0000"), d("1.50"), 2L),
        r("b", day1, d("2.25"), d("2.2500"), d("2.25"), 1L)), rows);
  }

  @Test
  void groupsByBoolDoubleBigintAndDecimalKeys() {
    Schema s = schema(f("b", DataType.BOOL), f("x", DataType.FLOAT64), f("l", DataType.INT64),
        f("dec", DataType.decimal(10, 2)), f("wide", DataType.decimal(30, 3)));
    BatchSourceExec src = BatchSourceExec.ofRows(s,
        batch(row(true, 0.0, 5L, d("1.10"), d("12345678901234567890.123")),
            row(true, -0.0, 5L, d("1.10"), d("12345678901234567890.123")),
            row(false, 1.5, -5L, d("-1.10"), d("-1.000")),
            row(null, 1.5, null, null, null)),
        batch(row(false, 1.5, -5L, d("-1.10"), d("-1.000")), row(null, null, null, null, null)));
    List<AggregateCall> calls = List.of(call(AggregateFunction.COUNT, -1, DataType.INT64, "n"));
    List<List<Object>> rows = run(single(src, new int[] {0, 1, 2, 3, 4}, calls));
    assertEquals(List.of(
        r(null, null, null, null, null, 1L),
        r(null, 1.5, null, null, null, 1L),
        r(false, 1.5, -5L, d("-1.10"), d("-1.000"), 2L),
        r(true, 0.0, 5L, d("1.10"), d("12345678901234567890.123"), 2L)), rows);
  }

  @Test
  void keysWithoutCallsAreDistinct() {
    Schema s = schema(f("k", DataType.UTF8));
    BatchSourceExec src = BatchSourceExec.ofRows(s, batch(row("x"), row("y"), row("x"), row((Object) null), row((Object) null)));
    List<List<Object>> rows = run(single(src, new int[] {0}, List.of()));
    assertEquals(List.of(r((Object) null), r("x"), r("y")), rows);
  }

  // ---------------------------------------------------------------- DISTINCT and FILTER

  @Test
  void distinctAndFilterPerGroupAcrossBatches() {
    Schema s = schema(f("g", DataType.INT32), f("v", DataType.INT32), f("s", DataType.UTF8), f("flag", DataType.BOOL));
    BatchSourceExec src = BatchSourceExec.ofRows(s,
        batch(row(1, 1, "x", true), row(1, 1, "x", false), row(2, 5, "z", false)),
        batch(row(1, 2, "y", true), row(1, null, null, null), row(2, 5, "z", false), row(1, 1, "x", true)));
    List<AggregateCall> calls = List.of(
        new AggregateCall(AggregateFunction.COUNT, 1, true, -1, DataType.INT64, "cd_v"),
        new AggregateCall(AggregateFunction.SUM, 1, true, -1, DataType.INT64, "sd_v"),
        new AggregateCall(AggregateFunction.COUNT, 2, true, -1, DataType.INT64, "cd_s"),
        new AggregateCall(AggregateFunction.COUNT, -1, false, 3, DataType.INT64, "c_flag"),
        new AggregateCall(AggregateFunction.SUM, 1, false, 3, DataType.INT64, "s_flag"),
        new AggregateCall(AggregateFunction.COUNT, 1, true, 3, DataType.INT64, "cd_flag"),
        new AggregateCall(AggregateFunction.AVG, 1, true, -1, DataType.FLOAT64, "ad_v"));
    List<List<Object>> rows = run(single(src, new int[] {0}, calls));
    assertEquals(List.of(
        r(1, 2L, 3L, 2L, 3L, 4L, 2L, 1.5),
        r(2, 1L, 5L, 1L, 0L, null, 0L, 5.0)), rows);
  }

  @Test
  void filterIsAppliedByPartialAndMergedByFinal() {
    Schema s = schema(f("g", DataType.UTF8), f("v", DataType.decimal(9, 3)), f("flag", DataType.BOOL));
    BatchSourceExec src = BatchSourceExec.ofPartitions(s, List.of(
        List.of(batch(row("a", d("1.000"), true), row("a", d("2.000"), false), row("b", d("4.000"), null))),
        List.of(batch(row("a", d("3.500"), true), row("b", null, true), row("c", d("1.000"), false)))));
    List<AggregateCall> calls = List.of(
        new AggregateCall(AggregateFunction.COUNT, -1, false, 2, DataType.INT64, "n_flag"),
        new AggregateCall(AggregateFunction.SUM, 1, false, 2, DataType.decimal(38, 3), "s_flag"),
        new AggregateCall(AggregateFunction.AVG, 1, false, 2, DataType.decimal(12, 2), "a_flag"),
        new AggregateCall(AggregateFunction.MAX, 1, false, -1, DataType.decimal(9, 3), "mx"));
    List<List<Object>> expected = List.of(
        r("a", 2L, d("4.500"), d("2.25"), d("3.500")),
        r("b", 1L, null, null, d("4.000")),
        r("c", 0L, null, null, d("1.000")));
    assertEquals(expected, run(twoPhase(src, new int[] {0}, calls)));
    assertEquals(expected, run(single(new CoalesceForTest(src), new int[] {0}, calls)));
  }

  @Test
  void countDistinctWithoutKeys() {
    Schema s = schema(f("v", DataType.decimal(10, 2)));
    BatchSourceExec src = BatchSourceExec.ofRows(s, batch(row(d("1.00")), row(d("1.00")), row((Object) null)), batch(row(d("2.50")), row(d("1.00"))));
    List<AggregateCall> calls = List.of(new AggregateCall(AggregateFunction.COUNT, 0, true, -1, DataType.INT64, "cd"));
    assertEquals(List.of(r(2L)), run(single(src, new int[0], calls)));
  }

  // ---------------------------------------------------------------- no keys

  @Test
  void noKeysOverEmptyInputGivesOneRow() {
    Schema s = schema(f("v", DataType.decimal(12, 2)), f("t", DataType.UTF8));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.COUNT, -1, DataType.INT64, "n"),
        call(AggregateFunction.COUNT, 0, DataType.INT64, "nv"),
        call(AggregateFunction.SUM, 0, DataType.decimal(38, 2), "s"),
        call(AggregateFunction.AVG, 0, DataType.decimal(16, 6), "a"),
        call(AggregateFunction.MIN, 0, DataType.decimal(12, 2), "mn"),
        call(AggregateFunction.MAX, 1, DataType.UTF8, "mx"));
    List<Object> expected = r(0L, 0L, null, null, null, null);
    // no batches at all
    assertEquals(List.of(expected), run(single(BatchSourceExec.ofRows(s), new int[0], calls)));
    // only an empty batch
    assertEquals(List.of(expected), run(single(BatchSourceExec.ofRows(s, List.of()), new int[0], calls)));
    // PARTIAL (one row of initial states per partition) then FINAL
    BatchSourceExec twoEmpty = BatchSourceExec.ofPartitions(s, List.of(List.of(), List.of(List.of())));
    assertEquals(List.of(expected), run(twoPhase(twoEmpty, new int[0], calls)));
  }

  @Test
  void keyedAggregationOverEmptyInputGivesNoRows() {
    Schema s = schema(f("k", DataType.INT64), f("v", DataType.INT64));
    List<AggregateCall> calls = List.of(call(AggregateFunction.SUM, 1, DataType.INT64, "s"));
    assertEquals(List.of(), run(single(BatchSourceExec.ofRows(s, List.of()), new int[] {0}, calls)));
  }

  // ---------------------------------------------------------------- numeric semantics

  @Test
  void decimalAverageRoundsHalfUpInEveryScale() {
    Schema s = schema(f("g", DataType.UTF8), f("x", DataType.decimal(10, 2)), f("i", DataType.INT32));
    BatchSourceExec src = BatchSourceExec.ofRows(s, List.of(
        row("a", d("0.01"), 1), row("a", d("0.02"), 2),
        row("b", d("-0.01"), -1), row("b", d("-0.02"), -2),
        row("c", d("1.00"), 1), row("c", d("2.00"), 2), row("c", d("2.00"), 2),
        row("d", d("0.10"), 7), row("d", d("0.11"), 8)));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.AVG, 1, DataType.decimal(10, 2), "avg2"),
        call(AggregateFunction.AVG, 1, DataType.decimal(10, 4), "avg4"),
        call(AggregateFunction.AVG, 1, DataType.decimal(10, 0), "avg0"),
        call(AggregateFunction.AVG, 1, DataType.FLOAT64, "avgd"),
        call(AggregateFunction.AVG, 2, DataType.INT32, "avgi"),
        call(AggregateFunction.AVG, 2, DataType.FLOAT64, "avgif"));
    List<List<Object>> rows = run(single(src, new int[] {0}, calls));
    assertEquals(roundDoubles(List.of(
        r("a", d("0.02"), d("0.0150"), d("0"), 0.015, 1, 1.5),
        r("b", d("-0.02"), d("-0.0150"), d("0"), -0.015, -1, -1.5),
        r("c", d("1.67"), d("1.6667"), d("2"), 5.0 / 3, 1, 5.0 / 3),
        r("d", d("0.11"), d("0.1050"), d("0"), 0.105, 7, 7.5))), roundDoubles(rows));
  }

  private static List<List<Object>> roundDoubles(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> copy = new ArrayList<>();
      for (Object o : row) {
        copy.add(o instanceof Double x ? Math.round(x * 1e9) / 1e9 : o);
      }
      out.add(copy);
    }
    return out;
  }

  @Test
  void groupsWithOnlyNullValuesStayNullWhenLaterBatchesHaveNoNulls() {
    Schema s = schema(f("k", DataType.INT32), f("v", DataType.INT64), f("x", DataType.FLOAT64));
    BatchSourceExec src = BatchSourceExec.ofRows(s,
        batch(row(1, 5L, 1.0)),
        batch(row(2, null, null), row(4, null, null)),
        batch(row(1, 1L, 2.0), row(3, 2L, 3.0)),
        batch(row(5, 3L, 4.0)));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.SUM, 1, DataType.INT64, "s"),
        call(AggregateFunction.SUM, 2, DataType.FLOAT64, "sx"),
        call(AggregateFunction.MAX, 1, DataType.INT64, "m"));
    assertEquals(List.of(
        r(1, 6L, 3.0, 5L), r(2, null, null, null), r(3, 2L, 3.0, 2L), r(4, null, null, null), r(5, 3L, 4.0, 3L)),
        run(single(src, new int[] {0}, calls)));
  }

  @Test
  void sumOverflowIsAnError() {
    Schema s = schema(f("k", DataType.INT32), f("v", DataType.INT64));
    BatchSourceExec src = BatchSourceExec.ofRows(s, batch(row(1, Long.MAX_VALUE - 1)), batch(row(1, 5L)));
    List<AggregateCall> calls = List.of(call(AggregateFunction.SUM, 1, DataType.INT64, "s"));
    BallistaException e = assertThrows(BallistaException.class, () -> run(single(src, new int[] {0}, calls)));
    assertEquals(BallistaException.Kind.EXECUTION, e.kind());
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    assertEquals(1, src.closed.get());
  }

  @Test
  void decimalSumOfWideDecimalsAndIntegers() {
    Schema s = schema(f("k", DataType.INT32), f("w", DataType.decimal(30, 4)), f("i", DataType.INT32));
    BatchSourceExec src = BatchSourceExec.ofRows(s, List.of(
        row(1, d("123456789012.3456"), Integer.MAX_VALUE), row(1, d("-0.0001"), Integer.MAX_VALUE), row(2, null, null)));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.SUM, 1, DataType.decimal(38, 4), "sw"),
        call(AggregateFunction.SUM, 2, DataType.INT64, "si"),
        call(AggregateFunction.MIN, 1, DataType.decimal(30, 4), "mw"),
        call(AggregateFunction.SUM, 2, DataType.FLOAT64, "sid"));
    assertEquals(List.of(
        r(1, d("123456789012.3455"), 2L * Integer.MAX_VALUE, d("-0.0001"), 2.0 * Integer.MAX_VALUE),
        r(2, null, null, null, null)), run(single(src, new int[] {0}, calls)));
  }

  @Test
  void doubleAggregatesAndBoolMinMax() {
    Schema s = schema(f("k", DataType.INT32), f("x", DataType.FLOAT64), f("b", DataType.BOOL), f("dt", DataType.DATE));
    BatchSourceExec src = BatchSourceExec.ofRows(s, List.of(
        row(1, 1.5, true, 10), row(1, -2.5, false, 20), row(1, null, null, null), row(2, null, null, 5)));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.SUM, 1, DataType.FLOAT64, "s"),
        call(AggregateFunction.AVG, 1, DataType.FLOAT64, "a"),
        call(AggregateFunction.MIN, 1, DataType.FLOAT64, "mn"),
        call(AggregateFunction.MAX, 1, DataType.FLOAT64, "mx"),
        call(AggregateFunction.MIN, 2, DataType.BOOL, "bmin"),
        call(AggregateFunction.MAX, 2, DataType.BOOL, "bmax"),
        call(AggregateFunction.MAX, 3, DataType.DATE, "dmax"));
    assertEquals(List.of(
        r(1, -1.0, -0.5, -2.5, 1.5, false, true, 20),
        r(2, null, null, null, null, null, null, 5)), run(single(src, new int[] {0}, calls)));
  }

  // ---------------------------------------------------------------- strings MIN/MAX

  @Test
  void stringMinMaxAnyMatchReferenceWithManyReplacements() {
    Schema s = schema(f("g", DataType.INT32), f("t", DataType.UTF8));
    java.util.Random random = new java.util.Random(7);
    List<Object[]> batch = new ArrayList<>();
    List<List<Object[]>> batches = new ArrayList<>();
    String[] min = new String[10];
    String[] max = new String[10];
    for (int i = 0; i < 20_000; i++) {
      int g = random.nextInt(10);
      String t = random.nextInt(50) == 0 ? null : randomString(random, random.nextInt(40));
      batch.add(row(g, t));
      if (t != null) {
        if (min[g] == null || compareUtf8(t, min[g]) < 0) {
          min[g] = t;
        }
        if (max[g] == null || compareUtf8(t, max[g]) > 0) {
          max[g] = t;
        }
      }
      if (batch.size() == 1000) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    BatchSourceExec src = BatchSourceExec.ofPartitions(s, List.of(batches));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.MIN, 1, DataType.UTF8, "mn"),
        call(AggregateFunction.MAX, 1, DataType.UTF8, "mx"),
        call(AggregateFunction.ANY_VALUE, 1, DataType.UTF8, "any"));
    List<List<Object>> rows = run(single(src, new int[] {0}, calls));
    assertEquals(10, rows.size());
    for (List<Object> row : rows) {
      int g = (Integer) row.get(0);
      assertEquals(min[g], row.get(1), "min of group " + g);
      assertEquals(max[g], row.get(2), "max of group " + g);
      assertTrue(row.get(3) != null);
    }
  }

  static String randomString(java.util.Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int c = random.nextInt(10) == 0 ? 0xE9 + random.nextInt(200) : 'a' + random.nextInt(26);
      sb.append((char) c);
    }
    return sb.toString();
  }

  static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- many groups, output batching

  @Test
  void manyGroupsResizeTheTableAndComeOutInBoundedBatches() {
    Schema s = schema(f("k", DataType.INT64), f("k2", DataType.INT64), f("name", DataType.UTF8), f("v", DataType.INT32));
    int groups = 60_000;
    List<List<Object[]>> batches = new ArrayList<>();
    for (int rep = 0; rep < 2; rep++) {
      List<Object[]> batch = new ArrayList<>();
      for (int i = 0; i < groups; i++) {
        long k = (long) i * 7919 - 1_000_000;
        batch.add(row(k, -k, "name-" + i, 1));
        if (batch.size() == 8192) {
          batches.add(batch);
          batch = new ArrayList<>();
        }
      }
      batches.add(batch);
    }
    BatchSourceExec src = BatchSourceExec.ofPartitions(s, List.of(batches));
    List<AggregateCall> calls = List.of(call(AggregateFunction.SUM, 3, DataType.INT64, "s"));
    for (int[] keys : new int[][] {{0}, {0, 1}, {2}}) {
      List<List<Object>> rows = run(single(src, keys, calls), 1000);
      assertEquals(groups, rows.size(), "keys " + Arrays.toString(keys));
      for (List<Object> row : rows) {
        assertEquals(2L, row.get(row.size() - 1));
      }
    }
  }

  // ---------------------------------------------------------------- PARTIAL -> FINAL == SINGLE == reference

  @Test
  void twoPhaseEqualsSingleEqualsReferenceOnRandomData() {
    Schema s = schema(f("k", DataType.INT64), f("tag", DataType.UTF8), f("v", DataType.decimal(12, 2)),
        f("x", DataType.FLOAT64), f("i", DataType.INT32));
    String[] tags = {"A", "B", "C", "DD", "EEE", "", "ffff"};
    java.util.Random random = new java.util.Random(42);
    int partitions = 3;
    List<List<List<Object[]>>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(new ArrayList<>());
    }
    java.util.Map<List<Object>, Ref> reference = new java.util.HashMap<>();
    List<Object[]> batch = new ArrayList<>();
    for (int n = 0; n < 100_000; n++) {
      Long k = random.nextInt(100) == 0 ? null : (long) random.nextInt(600);
      String tag = random.nextInt(100) == 0 ? null : tags[random.nextInt(tags.length)];
      BigDecimal v = random.nextInt(20) == 0 ? null : BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2);
      Double x = random.nextInt(20) == 0 ? null : (double) (random.nextInt(1000) - 500);
      Integer i = random.nextInt(20) == 0 ? null : random.nextInt(1000);
      batch.add(row(k, tag, v, x, i));
      reference.computeIfAbsent(Arrays.asList(k, tag), key -> new Ref()).add(v, x, i);
      if (batch.size() == random.nextInt(2000) + 1000) {
        parts.get(random.nextInt(partitions)).add(batch);
        batch = new ArrayList<>();
      }
    }
    parts.get(0).add(batch);
    BatchSourceExec src = BatchSourceExec.ofPartitions(s, parts);
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.COUNT, -1, DataType.INT64, "n"),
        call(AggregateFunction.COUNT, 2, DataType.INT64, "nv"),
        call(AggregateFunction.SUM, 2, DataType.decimal(38, 2), "sv"),
        call(AggregateFunction.AVG, 2, DataType.decimal(16, 6), "av"),
        call(AggregateFunction.MIN, 2, DataType.decimal(12, 2), "mnv"),
        call(AggregateFunction.MAX, 2, DataType.decimal(12, 2), "mxv"),
        call(AggregateFunction.SUM, 3, DataType.FLOAT64, "sx"),
        call(AggregateFunction.AVG, 3, DataType.FLOAT64, "ax"),
        call(AggregateFunction.MAX, 3, DataType.FLOAT64, "mxx"),
        call(AggregateFunction.SUM, 4, DataType.INT64, "si"),
        call(AggregateFunction.AVG, 4, DataType.FLOAT64, "ai"),
        call(AggregateFunction.MIN, 4, DataType.INT32, "mni"));
    int[] keys = {0, 1};

    List<List<Object>> expected = new ArrayList<>();
    reference.forEach((key, ref) -> expected.add(ref.row(key)));
    expected.sort(ROWS);

    // SINGLE over each input partition separately would give partial groups: coalesce first
    List<List<Object>> single = run(single(new CoalesceForTest(src), keys, calls), 4096);
    List<List<Object>> twoPhase = run(twoPhase(src, keys, calls), 4096);
    assertEquals(expected.size(), single.size());
    assertEquals(roundDoubles(expected), roundDoubles(single));
    assertEquals(roundDoubles(expected), roundDoubles(twoPhase));
  }

  /** Reference aggregate state computed with BigDecimal / boxed values. */
  private static final class Ref {
    long n;
    long nv;
    BigDecimal sv;
    BigDecimal mnv;
    BigDecimal mxv;
    Double sx;
    long nx;
    Double mxx;
    Long si;
    long ni;
    Integer mni;

    void add(BigDecimal v, Double x, Integer i) {
      n++;
      if (v != null) {
        nv++;
        sv = sv == null ? v : sv.add(v);
        mnv = mnv == null || v.compareTo(mnv) < 0 ? v : mnv;
        mxv = mxv == null || v.compareTo(mxv) > 0 ? v : mxv;
      }
      if (x != null) {
        nx++;
        sx = sx == null ? x : sx + x;
        mxx = mxx == null || x > mxx ? x : mxx;
      }
      if (i != null) {
        ni++;
        si = si == null ? (long) i : si + i;
        mni = mni == null || i < mni ? i : mni;
      }
    }

    List<Object> row(List<Object> key) {
      List<Object> row = new ArrayList<>(key);
      row.add(n);
      row.add(nv);
      row.add(sv);
      row.add(sv == null ? null : sv.divide(BigDecimal.valueOf(nv), 6, java.math.RoundingMode.HALF_UP));
      row.add(mnv);
      row.add(mxv);
      row.add(sx);
      row.add(sx == null ? null : sx / nx);
      row.add(mxx);
      row.add(si);
      row.add(si == null ? null : (double) si / ni);
      row.add(mni);
      return row;
    }
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void cancellationStopsAndClosesInput() {
    Schema s = schema(f("k", DataType.INT32));
    BatchSourceExec src = BatchSourceExec.ofRows(s, batch(row(1)), batch(row(2)));
    HashAggregateExec agg = single(src, new int[] {0}, List.of(call(AggregateFunction.COUNT, -1, DataType.INT64, "n")));
    TaskContext ctx = new TaskContext(allocator, SessionConfig.defaults());
    BatchStream stream = agg.execute(0, ctx);
    ctx.cancel();
    BallistaException e = assertThrows(BallistaException.class, stream::next);
    assertEquals(BallistaException.Kind.CANCELLED, e.kind());
    assertEquals(1, src.closed.get());
    assertNull(stream.next());
    stream.close();
  }

  @Test
  void earlyCloseReleasesEverything() {
    Schema s = schema(f("k", DataType.INT32), f("t", DataType.UTF8));
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(row(i, "t" + i));
    }
    BatchSourceExec src = BatchSourceExec.ofRows(s, rows);
    List<AggregateCall> calls = List.of(call(AggregateFunction.MAX, 1, DataType.UTF8, "m"));
    HashAggregateExec agg = single(src, new int[] {0}, calls);
    TaskContext ctx = new TaskContext(allocator, SessionConfig.defaults().withBatchSize(10));
    agg.execute(0, ctx).close(); // never pulled
    assertEquals(1, src.closed.get());
    BatchStream stream = agg.execute(0, ctx);
    try (VectorSchemaRoot first = stream.next()) {
      assertEquals(10, first.getRowCount());
    }
    stream.close(); // with 90 groups still pending
    assertEquals(2, src.closed.get());
    assertEquals(1, src.produced.get(), "only the second run pulled the input batch");
  }

  // ---------------------------------------------------------------- planning helpers and validation

  @Test
  void partialSchemaAndFinalCallsDescribeTheStates() {
    Schema s = schema(f("k", DataType.UTF8), f("v", DataType.decimal(15, 2)), f("x", DataType.FLOAT64), f("i", DataType.INT32));
    List<AggregateCall> calls = List.of(
        call(AggregateFunction.AVG, 1, DataType.decimal(19, 6), "a"),
        call(AggregateFunction.COUNT, -1, DataType.INT64, "n"),
        call(AggregateFunction.AVG, 2, DataType.FLOAT64, "ax"),
        call(AggregateFunction.AVG, 3, DataType.FLOAT64, "ai"),
        call(AggregateFunction.MIN, 1, DataType.decimal(15, 2), "m"));
    Schema partial = HashAggregateExec.partialSchema(s, new int[] {0}, calls);
    List<DataType> types = partial.getFields().stream().map(Vectors::typeOf).toList();
    assertEquals(List.of(DataType.UTF8, DataType.decimal(38, 2), DataType.INT64, DataType.INT64,
        DataType.FLOAT64, DataType.INT64, DataType.INT64, DataType.INT64, DataType.decimal(15, 2)), types);
    List<AggregateCall> finals = HashAggregateExec.finalCalls(new int[] {0}, calls);
    assertEquals(List.of(1, 3, 4, 6, 8), finals.stream().map(AggregateCall::argument).toList());
    assertEquals("a", finals.get(0).name());
  }

  @Test
  void invalidPlansAreRejected() {
    Schema s = schema(f("k", DataType.INT32), f("t", DataType.UTF8));
    BatchSourceExec src = BatchSourceExec.ofRows(s);
    List<AggregateCall> distinct = List.of(new AggregateCall(AggregateFunction.COUNT, 1, true, -1, DataType.INT64, "c"));
    BallistaException e = assertThrows(BallistaException.class, () -> new HashAggregateExec(src, new int[] {0}, distinct,
        AggregateMode.PARTIAL, outputSchema(s, new int[] {0}, distinct)));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
    List<AggregateCall> sumText = List.of(call(AggregateFunction.SUM, 1, DataType.INT64, "s"));
    e = assertThrows(BallistaException.class, () -> single(src, new int[] {0}, sumText));
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
    List<AggregateCall> count = List.of(call(AggregateFunction.COUNT, -1, DataType.INT64, "n"));
    e = assertThrows(BallistaException.class, () -> new HashAggregateExec(src, new int[] {0}, count,
        AggregateMode.SINGLE, schema(f("k", DataType.INT32))));
    assertEquals(BallistaException.Kind.PLANNING, e.kind());
    assertEquals(1, single(src, new int[] {0}, count).outputPartitioning().partitionCount());
    assertTrue(single(src, new int[] {0}, count).describe().contains("COUNT(*) AS n"));
  }
}
