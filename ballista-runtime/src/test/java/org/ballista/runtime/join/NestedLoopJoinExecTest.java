package org.ballista.runtime.join;

import static org.ballista.runtime.join.HashJoinExecTest.output;
import static org.ballista.runtime.join.HashJoinExecTest.schema;
import static org.ballista.runtime.join.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.JoinType;
import org.ballista.api.types.DataType;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NestedLoopJoinExecTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static final Schema L = schema("k", DataType.INT64, "x", DataType.INT64, "s", DataType.UTF8);
  static final Schema R = schema("y", DataType.INT64, "d", DataType.decimal(12, 2));

  static NestedLoopJoinExec nlj(ExecutionPlan l, ExecutionPlan r, JoinType t, VectorEvaluator cond) {
    return new NestedLoopJoinExec(l, r, t, cond, output(l.schema(), r.schema(), t));
  }

  List<List<Object>> run(ExecutionPlan plan, int batchSize) {
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(2, batchSize));
    List<List<Object>> out = new ArrayList<>();
    for (int p = 0; p < plan.outputPartitioning().partitionCount(); p++) {
      out.addAll(TestData.drain(plan.execute(p, ctx), batchSize));
    }
    return out;
  }

  @Test
  void crossJoinWithOneRowSideAppendsTheScalar() {
    List<Object[]> l = new ArrayList<>();
    for (long i = 0; i < 20; i++) {
      l.add(row(i, i * 2, "r" + i));
    }
    BatchSourceExec left = BatchSourceExec.ofPartitions(L, List.of(List.of(l.subList(0, 7), l.subList(7, 20))));
    BatchSourceExec right = BatchSourceExec.ofRows(R, List.<Object[]>of(row(null, new BigDecimal("12.34"))));
    List<List<Object>> got = run(nlj(left, right, JoinType.INNER, null), 8);
    assertEquals(20, got.size());
    for (List<Object> r : got) {
      assertEquals(new BigDecimal("12.34"), r.get(4));
      assertEquals(null, r.get(3));
    }
    assertEquals(Rows.canonicalRows(ReferenceJoin.cross(JoinType.INNER, l, List.<Object[]>of(row(null, new BigDecimal("12.34"))),
        3, 2, null)), Rows.canonical(got));
  }

  @Test
  void nonEquiConditionForEveryJoinType() {
    List<Object[]> l = List.<Object[]>of(row(1L, 1L, "a"), row(2L, 5L, "b"), row(3L, null, "c"), row(4L, 9L, null));
    List<Object[]> r = List.<Object[]>of(row(2L, null), row(6L, new BigDecimal("1.00")), row(null, new BigDecimal("2.00")));
    TestConditions.Cond lt = TestConditions.lessThan(1, 0, 3);
    for (JoinType t : List.of(JoinType.INNER, JoinType.LEFT, JoinType.RIGHT, JoinType.FULL, JoinType.SEMI,
        JoinType.ANTI)) {
      List<Object[]> expected = ReferenceJoin.cross(t, l, r, 3, 2, lt.reference());
      assertEquals(Rows.canonicalRows(expected),
          Rows.canonical(run(nlj(BatchSourceExec.ofRows(L, l), BatchSourceExec.ofRows(R, r), t, lt.evaluator()), 2)), t.toString());
    }
    // x < y: (1 < 2), (1 < 6), (5 < 6)
    assertEquals(3, run(nlj(BatchSourceExec.ofRows(L, l), BatchSourceExec.ofRows(R, r), JoinType.INNER, lt.evaluator()), 2).size());
  }

  @Test
  void emptySidesWithoutCondition() {
    List<Object[]> l = List.<Object[]>of(row(1L, 1L, "a"), row(2L, 5L, "b"));
    for (JoinType t : List.of(JoinType.INNER, JoinType.LEFT, JoinType.RIGHT, JoinType.FULL, JoinType.SEMI,
        JoinType.ANTI)) {
      assertEquals(Rows.canonicalRows(ReferenceJoin.cross(t, l, List.of(), 3, 2, null)),
          Rows.canonical(run(nlj(BatchSourceExec.ofRows(L, l), BatchSourceExec.ofRows(R, List.of()), t, null), 3)), t.toString());
      List<Object[]> r = List.<Object[]>of(row(1L, null));
      assertEquals(Rows.canonicalRows(ReferenceJoin.cross(t, List.of(), r, 3, 2, null)),
          Rows.canonical(run(nlj(BatchSourceExec.ofRows(L, List.of()), BatchSourceExec.ofRows(R, r), t, null), 3)), t.toString());
    }
  }

  @Test
  void nullAwareAntiIsRejected() {
    assertThrows(BallistaException.class,
        () -> nlj(BatchSourceExec.ofRows(L, List.of()), BatchSourceExec.ofRows(R, List.of()), JoinType.NULL_AWARE_ANTI, null));
  }

  @Test
  void randomizedAgainstReference() {
    Random rnd = new Random(7);
    for (int iter = 0; iter < 5; iter++) {
      List<List<List<Object[]>>> lp = new ArrayList<>();
      List<Object[]> l = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        List<List<Object[]>> batches = new ArrayList<>();
        for (int b = 0; b < 1 + rnd.nextInt(3); b++) {
          List<Object[]> rows = new ArrayList<>();
          for (int i = 0; i < rnd.nextInt(12); i++) {
            Object[] row = row((long) i, rnd.nextInt(8) == 0 ? null : (long) rnd.nextInt(30), "s" + rnd.nextInt(4));
            rows.add(row);
            l.add(row);
          }
          batches.add(rows);
        }
        lp.add(batches);
      }
      List<Object[]> r = new ArrayList<>();
      for (int i = 0; i < rnd.nextInt(15); i++) {
        r.add(row(rnd.nextInt(8) == 0 ? null : (long) rnd.nextInt(30), BigDecimal.valueOf(rnd.nextInt(1000), 2)));
      }
      BatchSourceExec left = BatchSourceExec.ofPartitions(L, lp);
      BatchSourceExec right = BatchSourceExec.ofPartitions(R, List.of(List.of(r)));
      TestConditions.Cond lt = TestConditions.lessThan(1, 0, 3);
      for (JoinType t : List.of(JoinType.INNER, JoinType.LEFT, JoinType.RIGHT, JoinType.FULL, JoinType.SEMI,
          JoinType.ANTI)) {
        for (boolean withCond : new boolean[] {false, true}) {
          List<Object[]> expected = ReferenceJoin.cross(t, l, r, 3, 2, withCond ? lt.reference() : null);
          assertEquals(Rows.canonicalRows(expected),
              Rows.canonical(run(nlj(left, right, t, withCond ? lt.evaluator() : null), 1 + rnd.nextInt(10))),
              "iter " + iter + " " + t + " " + withCond);
        }
      }
    }
  }

  @Test
  void earlyCloseLeaksNothing() {
    List<Object[]> l = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      l.add(row(i, i, "x"));
    }
    List<Object[]> r = new ArrayList<>();
    for (long i = 0; i < 50; i++) {
      r.add(row(i, null));
    }
    BatchSourceExec left = BatchSourceExec.ofRows(L, l);
    BatchSourceExec right = BatchSourceExec.ofRows(R, r);
    NestedLoopJoinExec j = nlj(left, right, JoinType.FULL, TestConditions.lessThan(1, 0, 3).evaluator());
    BatchStream s = j.execute(0, new TaskContext(allocator, new SessionConfig(1, 16)));
    VectorSchemaRoot b = s.next();
    assertEquals(16, b.getRowCount());
    b.close();
    s.close();
    assertEquals(0, left.openStreams());
    assertEquals(0, right.openStreams());
    assertEquals(1, j.buildCount());
  }
}
