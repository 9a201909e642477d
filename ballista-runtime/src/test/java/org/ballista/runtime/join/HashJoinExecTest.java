package org.ballista.runtime.join;

import static org.ballista.runtime.join.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.JoinType;
import org.ballista.api.types.DataType;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HashJoinExecTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close(); // fails the test if anything leaked
  }

  // ---- helpers -------------------------------------------------------------------------------

  static Schema schema(Object... nameTypePairs) {
    return TestData.schema(nameTypePairs);
  }

  static Schema output(Schema left, Schema right, JoinType type) {
    List<Field> fields = new ArrayList<>(left.getFields());
    if (type.outputsRight()) {
      for (Field f : right.getFields()) {
        fields.add(new Field(f.getName(), FieldType.nullable(f.getType()), null));
      }
    }
    return new Schema(fields);
  }

  static HashJoinExec join(ExecutionPlan l, ExecutionPlan r, JoinType type, int[] lk, int[] rk, boolean[] ns,
      VectorEvaluator cond) {
    return new HashJoinExec(l, r, type, lk, rk, ns, cond, output(l.schema(), r.schema(), type));
  }

  static HashJoinExec join(ExecutionPlan l, ExecutionPlan r, JoinType type, int lk, int rk) {
    return join(l, r, type, new int[] {lk}, new int[] {rk}, new boolean[1], null);
  }

  List<List<Object>> run(ExecutionPlan plan, int batchSize) {
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(2, batchSize));
    List<List<Object>> out = new ArrayList<>();
    for (int p = 0; p < plan.outputPartitioning().partitionCount(); p++) {
      out.addAll(TestData.drain(plan.execute(p, ctx), batchSize));
    }
    return out;
  }

  static List<String> rows(Object[]... rows) {
    return Rows.canonicalRows(Arrays.asList(rows));
  }

  static final Schema L = schema("lk", DataType.INT64, "lv", DataType.UTF8);
  static final Schema R = schema("rk", DataType.INT64, "rv", DataType.decimal(10, 2));

  static List<Object[]> leftRows() {
    return List.of(row(1L, "a"), row(1L, "b"), row(2L, "c"), row(null, "n"), row(5L, "e"));
  }

  static List<Object[]> rightRows() {
    return List.of(row(1L, new BigDecimal("1.10")), row(1L, new BigDecimal("1.20")), row(3L, new BigDecimal("3.00")),
        row(null, new BigDecimal("9.99")), row(2L, null));
  }

  List<String> runSimple(JoinType type) {
    return Rows.canonical(run(join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, rightRows()), type, 0, 0), 3));
  }

  // ---- join types with duplicates and NULL keys ---------------------------------------------

  @Test
  void innerJoinMatchesDuplicatesOnBothSidesAndNeverNullKeys() {
    assertEquals(rows(
        row(1L, "a", 1L, new BigDecimal("1.10")), row(1L, "a", 1L, new BigDecimal("1.20")),
        row(1L, "b", 1L, new BigDecimal("1.10")), row(1L, "b", 1L, new BigDecimal("1.20")),
        row(2L, "c", 2L, null)), runSimple(JoinType.INNER));
  }

  @Test
  void leftJoinKeepsUnmatchedAndNullKeyRows() {
    assertEquals(rows(
        row(1L, "a", 1L, new BigDecimal("1.10")), row(1L, "a", 1L, new BigDecimal("1.20")),
        row(1L, "b", 1L, new BigDecimal("1.10")), row(1L, "b", 1L, new BigDecimal("1.20")),
        row(2L, "c", 2L, null), row(null, "n", null, null), row(5L, "e", null, null)), runSimple(JoinType.LEFT));
  }

  @Test
  void rightJoinEmitsUnmatchedBuildRowsOnce() {
    assertEquals(rows(
        row(1L, "a", 1L, new BigDecimal("1.10")), row(1L, "a", 1L, new BigDecimal("1.20")),
        row(1L, "b", 1L, new BigDecimal("1.10")), row(1L, "b", 1L, new BigDecimal("1.20")),
        row(2L, "c", 2L, null), row(null, null, 3L, new BigDecimal("3.00")),
        row(null, null, null, new BigDecimal("9.99"))), runSimple(JoinType.RIGHT));
  }

  @Test
  void fullJoinEmitsBothSidesUnmatched() {
    assertEquals(rows(
        row(1L, "a", 1L, new BigDecimal("1.10")), row(1L, "a", 1L, new BigDecimal("1.20")),
        row(1L, "b", 1L, new BigDecimal("1.10")), row(1L, "b", 1L, new BigDecimal("1.20")),
        row(2L, "c", 2L, null), row(null, "n", null, null), row(5L, "e", null, null),
        row(null, null, 3L, new BigDecimal("3.00")), row(null, null, null, new BigDecimal("9.99"))),
        runSimple(JoinType.FULL));
  }

  @Test
  void semiJoinOutputsEachMatchingLeftRowOnce() {
    assertEquals(rows(row(1L, "a"), row(1L, "b"), row(2L, "c")), runSimple(JoinType.SEMI));
  }

  @Test
  void antiJoinOutputsNullKeyRows() {
    assertEquals(rows(row(null, "n"), row(5L, "e")), runSimple(JoinType.ANTI));
  }

  @Test
  void rightAndFullJoinHaveOneOutputPartitionOverAllProbePartitions() {
    List<List<List<Object[]>>> lp = new ArrayList<>();
    lp.add(List.of(List.<Object[]>of(row(1L, "a"))));
    lp.add(List.of(List.<Object[]>of(row(3L, "x"))));
    BatchSourceExec l = BatchSourceExec.ofPartitions(L, lp);
    HashJoinExec full = join(l, BatchSourceExec.ofRows(R, rightRows()), JoinType.FULL, 0, 0);
    assertEquals(1, full.outputPartitioning().partitionCount());
    List<String> got = Rows.canonical(run(full, 4));
    assertEquals(rows(row(1L, "a", 1L, new BigDecimal("1.10")), row(1L, "a", 1L, new BigDecimal("1.20")),
        row(3L, "x", 3L, new BigDecimal("3.00")), row(null, null, null, new BigDecimal("9.99")),
        row(null, null, 2L, null)), got);
    HashJoinExec inner = join(l, BatchSourceExec.ofRows(R, rightRows()), JoinType.INNER, 0, 0);
    assertEquals(2, inner.outputPartitioning().partitionCount());
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void nullSafeKeysMatchNullToNull() {
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, rightRows()), JoinType.INNER,
        new int[] {0}, new int[] {0}, new boolean[] {true}, null);
    List<String> got = Rows.canonical(run(j, 100));
    assertEquals(6, got.size());
    assertTrue(got.contains(Arrays.asList(null, "n", null, new BigDecimal("9.99")).toString()));
  }

  @Test
  void multiColumnBigintVarcharKeys() {
    Schema ls = schema("a", DataType.INT64, "b", DataType.UTF8, "x", DataType.INT32);
    Schema rs = schema("c", DataType.UTF8, "d", DataType.INT64);
    List<Object[]> l = List.of(row(1L, "p", 1), row(1L, "q", 2), row(2L, "p", 3), row(1L, null, 4), row(1L, "p", 5));
    List<Object[]> r = List.of(row("p", 1L), row("p", 1L), row("q", 2L), row("q", 1L), row(null, 1L));
    HashJoinExec j = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), JoinType.INNER,
        new int[] {0, 1}, new int[] {1, 0}, new boolean[2], null);
    assertEquals(rows(row(1L, "p", 1, "p", 1L), row(1L, "p", 1, "p", 1L), row(1L, "q", 2, "q", 1L),
        row(1L, "p", 5, "p", 1L), row(1L, "p", 5, "p", 1L)), Rows.canonical(run(j, 2)));
  }

  @Test
  void mixedInt32AndInt64KeysMatchByValue() {
    Schema ls = schema("k", DataType.INT32);
    Schema rs = schema("k", DataType.INT64, "v", DataType.UTF8);
    List<Object[]> l = List.of(row(1), row(-7), row(Integer.MAX_VALUE), row((Integer) null));
    List<Object[]> r = List.of(row(1L, "one"), row(-7L, "neg"), row((long) Integer.MAX_VALUE, "max"),
        row(1L + Integer.MAX_VALUE, "over"), row(4294967297L, "wraps-to-1"));
    HashJoinExec j = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), JoinType.INNER, 0, 0);
    assertEquals(rows(row(1, 1L, "one"), row(-7, -7L, "neg"), row(Integer.MAX_VALUE, (long) Integer.MAX_VALUE, "max")),
        Rows.canonical(run(j, 8)));
  }

  @Test
  void decimalKeysOfDifferentScalesAndIntegersCompareByValue() {
    Schema ls = schema("k", DataType.decimal(10, 2));
    Schema rs = schema("k", DataType.decimal(12, 1), "i", DataType.INT32);
    List<Object[]> l = List.of(row(new BigDecimal("1.50")), row(new BigDecimal("1.55")), row(new BigDecimal("3.00")));
    List<Object[]> r = List.of(row(new BigDecimal("1.5"), 1), row(new BigDecimal("3.0"), 2));
    HashJoinExec j = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), JoinType.INNER, 0, 0);
    assertEquals(rows(row(new BigDecimal("1.50"), new BigDecimal("1.5"), 1),
        row(new BigDecimal("3.00"), new BigDecimal("3.0"), 2)), Rows.canonical(run(j, 8)));
    // INT32 = DECIMAL(12,1)
    Schema li = schema("k", DataType.INT32);
    HashJoinExec k = join(BatchSourceExec.ofRows(li, List.of(row(3), row(1))), BatchSourceExec.ofRows(rs, r), JoinType.SEMI, 0, 0);
    assertEquals(rows(row(3)), Rows.canonical(run(k, 8)));
  }

  @Test
  void wideDecimalStringDateBoolAndDoubleKeys() {
    Schema s = schema("w", DataType.decimal(30, 2), "d", DataType.DATE, "b", DataType.BOOL, "f", DataType.FLOAT64);
    List<Object[]> l = List.of(row(new BigDecimal("123456789012345678901.25"), 10, true, 0.0),
        row(new BigDecimal("-5.00"), 11, false, Double.NaN), row(new BigDecimal("1.00"), 12, true, 2.5));
    List<Object[]> r = List.of(row(new BigDecimal("123456789012345678901.25"), 10, true, -0.0),
        row(new BigDecimal("-5.00"), 11, false, Double.NaN), row(new BigDecimal("1.00"), 12, false, 2.5));
    HashJoinExec j = join(BatchSourceExec.ofRows(s, l), BatchSourceExec.ofRows(s, r), JoinType.SEMI,
        new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}, new boolean[4], null);
    assertEquals(rows(l.get(0), l.get(1)), Rows.canonical(run(j, 8)));
  }

  @Test
  void incompatibleKeyTypesAreRejected() {
    Schema ls = schema("k", DataType.UTF8);
    BallistaException e = assertThrows(BallistaException.class,
        () -> join(BatchSourceExec.ofRows(ls, List.of()), BatchSourceExec.ofRows(R, List.of()), JoinType.INNER, 0, 0));
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
  }

  @Test
  void wideRangeMultiKeysUseGenericTableAndStillMatch() {
    Schema s = schema("a", DataType.INT64, "b", DataType.INT64);
    List<Object[]> l = List.of(row(Long.MIN_VALUE, Long.MAX_VALUE), row(0L, 0L), row(Long.MAX_VALUE, null),
        row(7L, 8L));
    List<Object[]> r = List.of(row(Long.MIN_VALUE, Long.MAX_VALUE), row(Long.MAX_VALUE, null), row(7L, 9L));
    HashJoinExec j = join(BatchSourceExec.ofRows(s, l), BatchSourceExec.ofRows(s, r), JoinType.INNER,
        new int[] {0, 1}, new int[] {0, 1}, new boolean[] {false, true}, null);
    assertEquals(rows(row(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE),
        row(Long.MAX_VALUE, null, Long.MAX_VALUE, null)), Rows.canonical(run(j, 8)));
  }

  @Test
  void packedMultiKeysWithNullSafeColumnAndOutOfRangeProbe() {
    Schema s = schema("a", DataType.INT32, "b", DataType.INT64);
    List<Object[]> l = List.of(row(1, 2L), row(1, null), row(100, 2L), row(2, -1L), row(null, 2L));
    List<Object[]> r = List.of(row(1, 2L), row(1, null), row(2, 3L));
    HashJoinExec j = join(BatchSourceExec.ofRows(s, l), BatchSourceExec.ofRows(s, r), JoinType.LEFT,
        new int[] {0, 1}, new int[] {0, 1}, new boolean[] {false, true}, null);
    assertEquals(rows(row(1, 2L, 1, 2L), row(1, null, 1, null), row(100, 2L, null, null), row(2, -1L, null, null),
        row(null, 2L, null, null)), Rows.canonical(run(j, 8)));
  }

  // ---- residual condition ---------------------------------------------------------------------

  @Test
  void residualConditionFiltersCandidatePairsWithSqlNullSemantics() {
    Schema ls = schema("k", DataType.INT64, "x", DataType.INT64);
    Schema rs = schema("k", DataType.INT64, "y", DataType.INT64);
    List<Object[]> l = List.of(row(1L, 5L), row(1L, null), row(2L, 1L), row(3L, 1L));
    List<Object[]> r = List.of(row(1L, 4L), row(1L, 6L), row(1L, 7L), row(2L, null), row(3L, 2L));
    TestConditions.Cond lt = TestConditions.lessThan(1, 1, 2);
    for (JoinType t : JoinType.values()) {
      HashJoinExec j = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), t, new int[] {0}, new int[] {0},
          new boolean[1], lt.evaluator());
      List<Object[]> expected = ReferenceJoin.join(t, l, r, 2, 2, new int[] {0}, new int[] {0}, new boolean[1],
          lt.reference());
      assertEquals(Rows.canonicalRows(expected), Rows.canonical(run(j, 2)), t.toString());
    }
    HashJoinExec inner = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), JoinType.INNER, new int[] {0},
        new int[] {0}, new boolean[1], lt.evaluator());
    assertEquals(rows(row(1L, 5L, 1L, 6L), row(1L, 5L, 1L, 7L), row(3L, 1L, 3L, 2L)), Rows.canonical(run(inner, 2)));
  }

  @Test
  void exprConditionIsCompiledOverOnlyTheColumnsItReads() {
    Schema rs = schema("rk", DataType.INT64, "flag", DataType.BOOL);
    Expr flag = new Expr.Column(3, DataType.BOOL);
    JoinCondition c = JoinCondition.compile(flag, L, rs);
    assertEquals(0, c.leftColumns().length);
    assertEquals(List.of(1), Arrays.stream(c.rightColumns()).boxed().toList());
    List<Object[]> r = List.of(row(1L, true), row(1L, false), row(2L, null), row(5L, true));
    HashJoinExec j = new HashJoinExec(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(rs, r), JoinType.LEFT,
        new int[] {0}, new int[] {0}, new boolean[1], flag, output(L, rs, JoinType.LEFT));
    assertEquals(rows(row(1L, "a", 1L, true), row(1L, "b", 1L, true), row(2L, "c", null, null),
        row(null, "n", null, null), row(5L, "e", 5L, true)), Rows.canonical(run(j, 2)));
    assertTrue(j.describe().endsWith("filter=#3"), j.describe());
  }

  // ---- empty sides ----------------------------------------------------------------------------

  @Test
  void emptyBuildSide() {
    for (JoinType t : JoinType.values()) {
      BatchSourceExec left = BatchSourceExec.ofRows(L, leftRows());
      HashJoinExec j = join(left, BatchSourceExec.ofRows(R, List.of()), t, 0, 0);
      List<String> got = Rows.canonical(run(j, 4));
      List<Object[]> expected = ReferenceJoin.join(t, leftRows(), List.of(), 2, 2, new int[] {0}, new int[] {0},
          new boolean[1], null);
      assertEquals(Rows.canonicalRows(expected), got, t.toString());
      if (t == JoinType.INNER || t == JoinType.SEMI || t == JoinType.RIGHT) {
        assertEquals(0, left.opened.get(), "probe side must not be read for " + t);
      }
    }
  }

  @Test
  void emptyProbeSide() {
    for (JoinType t : JoinType.values()) {
      HashJoinExec j = join(BatchSourceExec.ofRows(L, List.of()), BatchSourceExec.ofRows(R, rightRows()), t, 0, 0);
      List<Object[]> expected = ReferenceJoin.join(t, List.of(), rightRows(), 2, 2, new int[] {0}, new int[] {0},
          new boolean[1], null);
      assertEquals(Rows.canonicalRows(expected), Rows.canonical(run(j, 4)), t.toString());
    }
  }

  // ---- NOT IN ---------------------------------------------------------------------------------

  @Test
  void nullAwareAntiWithNullInBuildOutputsNothing() {
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, rightRows()), JoinType.NULL_AWARE_ANTI, 0, 0);
    assertEquals(List.of(), run(j, 4));
  }

  @Test
  void nullAwareAntiWithEmptyBuildOutputsEveryRowEvenNullKeys() {
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, List.of()), JoinType.NULL_AWARE_ANTI, 0, 0);
    assertEquals(Rows.canonicalRows(leftRows()), Rows.canonical(run(j, 4)));
  }

  @Test
  void nullAwareAntiDropsNullProbeKeysWhenBuildIsNotEmpty() {
    List<Object[]> r = List.of(row(1L, new BigDecimal("1.00")), row(3L, null));
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, r), JoinType.NULL_AWARE_ANTI, 0, 0);
    assertEquals(rows(row(2L, "c"), row(5L, "e")), Rows.canonical(run(j, 4)));
  }

  @Test
  void nullAwareAntiWithConditionTreatsConditionAsPartOfTheMatch() {
    Schema ls = schema("k", DataType.INT64, "x", DataType.INT64);
    Schema rs = schema("k", DataType.INT64, "y", DataType.INT64);
    // left x < right y decides which build rows take part for each probe row
    List<Object[]> l = List.of(row(1L, 0L), row(1L, 10L), row(null, 0L), row(null, 10L), row(4L, 0L), row(4L, 3L));
    List<Object[]> r = List.of(row(1L, 5L), row(null, 2L));
    TestConditions.Cond lt = TestConditions.lessThan(1, 1, 2);
    HashJoinExec j = join(BatchSourceExec.ofRows(ls, l), BatchSourceExec.ofRows(rs, r), JoinType.NULL_AWARE_ANTI, new int[] {0},
        new int[] {0}, new boolean[1], lt.evaluator());
    assertEquals(rows(row(1L, 10L), row(null, 10L), row(4L, 3L)), Rows.canonical(run(j, 4)));
  }

  // ---- batching, partitions, sharing, early close ---------------------------------------------

  @Test
  void probeWithMoreMatchesThanBatchSizeIsSplit() {
    Schema ls = schema("k", DataType.INT32);
    Schema rs = schema("k", DataType.INT32, "v", DataType.INT64);
    List<Object[]> r = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      r.add(row(7, i));
    }
    HashJoinExec j = join(BatchSourceExec.ofRows(ls, List.of(row(7), row(8), row(7))), BatchSourceExec.ofRows(rs, r), JoinType.INNER,
        0, 0);
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(1, 64));
    int batches = 0;
    long sum = 0;
    int count = 0;
    try (BatchStream s = j.execute(0, ctx)) {
      while (true) {
        VectorSchemaRoot batch = s.next();
        if (batch == null) {
          break;
        }
        try (VectorSchemaRoot b = batch) {
          assertTrue(b.getRowCount() <= 64);
          batches++;
          count += b.getRowCount();
          for (List<Object> row : TestData.rows(b)) {
            assertEquals(7, row.get(0));
            sum += (Long) row.get(2);
          }
        }
      }
    }
    assertEquals(2000, count);
    assertEquals(2 * 999 * 1000 / 2, sum);
    assertTrue(batches >= 2000 / 64);
  }

  @Test
  void multiPartitionProbeSharesOneBuildAcrossConcurrentStreams() throws Exception {
    List<List<List<Object[]>>> parts = new ArrayList<>();
    List<Object[]> all = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      List<List<Object[]>> batches = new ArrayList<>();
      for (int b = 0; b < 3; b++) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          Object[] row = row((long) ((p * 7 + b * 3 + i) % 20), "p" + p);
          rows.add(row);
          all.add(row);
        }
        batches.add(rows);
      }
      parts.add(batches);
    }
    BatchSourceExec left = BatchSourceExec.ofPartitions(L, parts);
    List<Object[]> rr = new ArrayList<>();
    for (long k = 0; k < 15; k++) {
      rr.add(row(k, new BigDecimal(k + ".00")));
      rr.add(row(k, new BigDecimal(k + ".50")));
    }
    BatchSourceExec right = BatchSourceExec.ofPartitions(R, List.of(List.of(rr.subList(0, 10)), List.of(rr.subList(10, 30))));
    HashJoinExec j = join(left, right, JoinType.INNER, 0, 0);
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(4, 33));
    List<BatchStream> streams = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      streams.add(j.execute(p, ctx));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<List<Object>> got = new ArrayList<>();
    try {
      List<Future<List<List<Object>>>> futures = new ArrayList<>();
      for (BatchStream s : streams) {
        futures.add(pool.submit(() -> TestData.drain(s, 33)));
      }
      for (Future<List<List<Object>>> f : futures) {
        got.addAll(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, j.buildCount());
    assertEquals(2, right.opened.get());
    assertFalse(j.holdsBuild());
    List<Object[]> expected = ReferenceJoin.join(JoinType.INNER, all, rr, 2, 2, new int[] {0}, new int[] {0},
        new boolean[1], null);
    assertEquals(Rows.canonicalRows(expected), Rows.canonical(got));
    assertEquals(0, left.openStreams());
    assertEquals(0, right.openStreams());
  }

  @Test
  void earlyCloseMidStreamReleasesEverything() {
    List<Object[]> l = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      l.add(row(i % 10, "x" + i));
    }
    BatchSourceExec left = BatchSourceExec.ofPartitions(L, List.of(List.of(l.subList(0, 250), l.subList(250, 500))));
    BatchSourceExec right = BatchSourceExec.ofRows(R, rightRows());
    for (JoinType t : JoinType.values()) {
      HashJoinExec j = join(left, right, t, 0, 0);
      TaskContext ctx = new TaskContext(allocator, new SessionConfig(1, 16));
      BatchStream s = j.execute(0, ctx);
      VectorSchemaRoot first = s.next();
      if (first != null) {
        first.close();
      }
      s.close();
      s.close(); // idempotent
      assertNull(s.next());
      assertFalse(j.holdsBuild(), t.toString());
      // closing a stream that never started is fine too
      j.execute(0, ctx).close();
      assertEquals(0, left.openStreams());
      assertEquals(0, right.openStreams());
    }
  }

  @Test
  void buildIsRebuiltAfterAllStreamsClosedAndExecutedAgain() {
    BatchSourceExec right = BatchSourceExec.ofRows(R, rightRows());
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), right, JoinType.INNER, 0, 0);
    assertEquals(5, run(j, 8).size());
    assertEquals(5, run(j, 8).size());
    assertEquals(2, j.buildCount());
    assertFalse(j.holdsBuild());
  }

  @Test
  void buildFailurePropagatesAndLeaksNothing() {
    ExecutionPlan failing = new ExecutionPlan() {
      @Override
      public Schema schema() {
        return R;
      }

      @Override
      public org.ballista.api.exec.Partitioning outputPartitioning() {
        return org.ballista.api.exec.Partitioning.SINGLE;
      }

      @Override
      public List<ExecutionPlan> children() {
        return List.of();
      }

      @Override
      public BatchStream execute(int partition, TaskContext context) {
        throw BallistaException.execution("boom");
      }

      @Override
      public String describe() {
        return "failing";
      }
    };
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), failing, JoinType.INNER, 0, 0);
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(1, 8));
    BatchStream s = j.execute(0, ctx);
    BallistaException e = assertThrows(BallistaException.class, s::next);
    assertEquals("boom", e.getMessage());
    s.close();
  }

  @Test
  void describeNamesTypeKeysAndFilter() {
    HashJoinExec j = join(BatchSourceExec.ofRows(L, leftRows()), BatchSourceExec.ofRows(R, rightRows()), JoinType.LEFT,
        new int[] {0}, new int[] {0}, new boolean[] {true}, null);
    assertEquals("HashJoinExec: type=LEFT, on=[#0 <=> #0]", j.describe());
    assertNotNull(j.children());
  }

  // ---- randomized comparison against the nested-loop reference ---------------------------------

  private record Scenario(String name, Schema left, Schema right, int[] lk, int[] rk, boolean[] ns,
      BiFunction<Random, Boolean, Object[]> gen) {}

  private static Long smallLong(Random rnd, int domain) {
    return rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(domain);
  }

  private static List<Scenario> scenarios() {
    List<Scenario> out = new ArrayList<>();
    // single INT32 probe key vs INT64 build key (EXACT table), payloads v/w compared by the condition
    out.add(new Scenario("int32-int64",
        schema("k", DataType.INT32, "v", DataType.INT64, "s", DataType.UTF8),
        schema("k", DataType.INT64, "w", DataType.INT64, "d", DataType.decimal(10, 2)),
        new int[] {0}, new int[] {0}, new boolean[] {false},
        (rnd, isLeft) -> {
          Long k = smallLong(rnd, 8);
          if (isLeft) {
            return row(k == null ? null : k.intValue(), smallLong(rnd, 20), rnd.nextBoolean() ? null : "s" + rnd.nextInt(5));
          }
          return row(k, smallLong(rnd, 20), rnd.nextBoolean() ? null : BigDecimal.valueOf(rnd.nextInt(10000), 2));
        }));
    // (bigint, varchar) keys (GENERIC table), second key null-safe
    out.add(new Scenario("bigint-varchar",
        schema("a", DataType.INT64, "v", DataType.INT64, "b", DataType.UTF8),
        schema("b", DataType.UTF8, "a", DataType.INT64, "w", DataType.INT64),
        new int[] {0, 2}, new int[] {1, 0}, new boolean[] {false, true},
        (rnd, isLeft) -> {
          Long a = smallLong(rnd, 4);
          String b = rnd.nextInt(6) == 0 ? null : "key-" + "x".repeat(rnd.nextInt(3) * 5) + rnd.nextInt(3);
          return isLeft ? row(a, smallLong(rnd, 20), b) : row(b, a, smallLong(rnd, 20));
        }));
    // two INT64 keys with small ranges (PACKED table)
    out.add(new Scenario("packed",
        schema("a", DataType.INT64, "b", DataType.INT64, "v", DataType.INT64),
        schema("a", DataType.INT64, "b", DataType.INT64, "w", DataType.INT64),
        new int[] {0, 1}, new int[] {0, 1}, new boolean[] {false, false},
        (rnd, isLeft) -> row(smallLong(rnd, 5), smallLong(rnd, 3), smallLong(rnd, 20))));
    return out;
  }

  private static BatchSourceExec randomSource(Schema schema, Random rnd, int partitions, int rows, boolean isLeft,
      BiFunction<Random, Boolean, Object[]> gen, List<Object[]> all) {
    List<List<List<Object[]>>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(new ArrayList<>());
    }
    int produced = 0;
    while (produced < rows) {
      int n = Math.min(rows - produced, 1 + rnd.nextInt(9));
      List<Object[]> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Object[] r = gen.apply(rnd, isLeft);
        batch.add(r);
        all.add(r);
      }
      parts.get(rnd.nextInt(partitions)).add(batch);
      produced += n;
    }
    return BatchSourceExec.ofPartitions(schema, parts);
  }

  @Test
  void randomizedInt32Int64KeysAgainstReference() {
    randomized(scenarios().get(0), 42);
  }

  @Test
  void randomizedBigintVarcharKeysAgainstReference() {
    randomized(scenarios().get(1), 43);
  }

  @Test
  void randomizedPackedKeysAgainstReference() {
    randomized(scenarios().get(2), 44);
  }

  private void randomized(Scenario sc, long seed) {
    Random rnd = new Random(seed);
    {
      for (int iter = 0; iter < 4; iter++) {
        List<Object[]> l = new ArrayList<>();
        List<Object[]> r = new ArrayList<>();
        int lw = sc.left().getFields().size();
        int rw = sc.right().getFields().size();
        BatchSourceExec left = randomSource(sc.left(), rnd, 1 + rnd.nextInt(3), rnd.nextInt(60), true, sc.gen(), l);
        BatchSourceExec right = randomSource(sc.right(), rnd, 1 + rnd.nextInt(2), iter == 0 ? 0 : rnd.nextInt(40), false,
            sc.gen(), r);
        int vLeft = sc.name().equals("bigint-varchar") ? 1 : (sc.name().equals("packed") ? 2 : 1);
        int wRight = sc.name().equals("bigint-varchar") ? 2 : (sc.name().equals("packed") ? 2 : 1);
        TestConditions.Cond cond = TestConditions.lessThan(vLeft, wRight, lw);
        for (JoinType t : JoinType.values()) {
          for (boolean withCond : new boolean[] {false, true}) {
            HashJoinExec j = join(left, right, t, sc.lk(), sc.rk(), sc.ns(), withCond ? cond.evaluator() : null);
            List<Object[]> expected = ReferenceJoin.join(t, l, r, lw, rw, sc.lk(), sc.rk(), sc.ns(),
                withCond ? cond.reference() : null);
            int batchSize = 1 + rnd.nextInt(12);
            assertEquals(Rows.canonicalRows(expected), Rows.canonical(run(j, batchSize)),
                sc.name() + " iter " + iter + " " + t + (withCond ? " with condition" : ""));
          }
        }
        assertEquals(0, left.openStreams());
        assertEquals(0, right.openStreams());
      }
    }
  }
}
