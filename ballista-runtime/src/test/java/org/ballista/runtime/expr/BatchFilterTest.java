package org.ballista.runtime.expr;

import static org.ballista.runtime.expr.TestBatches.col;
import static org.ballista.runtime.expr.TestBatches.list;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.runtime.vector.VectorTake;
import org.junit.jupiter.api.Test;

class BatchFilterTest extends ExprTestBase {

  private VectorSchemaRoot allTypes() {
    return TestBatches.batch(allocator,
        col(BOOL, true, null, false, true, false),
        col(I32, 1, 2, null, 4, 5),
        col(I64, 10L, null, 30L, 40L, 50L),
        col(F64, 1.5, 2.5, 3.5, null, 5.5),
        col(dec(15, 2), "1.01", "-2.02", null, "4.04", "5.05"),
        col(DATE, "1994-01-01", null, "1994-01-03", "1994-01-04", "1994-01-05"),
        col(STR, "a", "bé", null, "", "eeeee"));
  }

  private static List<List<Object>> rows(VectorSchemaRoot root) {
    List<List<Object>> out = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      out.add(TestBatches.values(v));
    }
    return out;
  }

  private BitVector predicate(Object... bits) {
    BitVector v = new BitVector("p", allocator);
    TestBatches.fill(v, bits);
    return v;
  }

  @Test
  void filterKeepsOnlyTrueRowsOfEveryType() {
    try (VectorSchemaRoot in = allTypes();
        BitVector p = predicate(true, null, false, true, true);
        VectorSchemaRoot out = BatchFilter.filter(in, p, allocator)) {
      assertEquals(3, out.getRowCount());
      assertEquals(List.of(
          list(true, true, false),
          list(1, 4, 5),
          list(10L, 40L, 50L),
          list(1.5, null, 5.5),
          list(new BigDecimal("1.01"), new BigDecimal("4.04"), new BigDecimal("5.05")),
          list("1994-01-01", "1994-01-04", "1994-01-05"),
          list("a", "", "eeeee")), rows(out));
    }
  }

  @Test
  void allPassSharesAndNonePassIsEmpty() {
    try (VectorSchemaRoot in = allTypes();
        BitVector all = predicate(true, true, true, true, true);
        BitVector none = predicate(false, null, false, false, false);
        VectorSchemaRoot a = BatchFilter.filter(in, all, allocator);
        VectorSchemaRoot b = BatchFilter.filter(in, none, allocator)) {
      assertEquals(rows(in), rows(a));
      assertEquals(0, b.getRowCount());
      assertEquals(in.getSchema(), b.getSchema());
    }
  }

  @Test
  void filterWithCompiledPredicateOverManyRows() {
    int n = 1000;
    Object[] x = new Object[n];
    Object[] s = new Object[n];
    List<Object> expectX = new ArrayList<>();
    List<Object> expectS = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      x[i] = i % 11 == 0 ? null : i;
      s[i] = "v" + i;
      if (x[i] != null && i % 3 == 0) {
        expectX.add(i);
        expectS.add("v" + i);
      }
    }
    Expr pred = call(Op.EQ, BOOL, call(Op.MODULO, I32, ref(0, I32), lit(3, I32)), lit(0, I32));
    try (VectorSchemaRoot in = TestBatches.batch(allocator, col(I32, x), col(STR, s));
        BitVector p = (BitVector) ExpressionCompiler.compile(pred, in.getSchema()).evaluate(in, allocator);
        VectorSchemaRoot out = BatchFilter.filter(in, p, allocator)) {
      assertEquals(List.of(expectX, expectS), rows(out));
      assertEquals(expectX.size(), BatchFilter.selectTrue(p, n).length);
    }
  }

  @Test
  void selectTrueListsIndexes() {
    try (BitVector p = predicate(false, true, null, true)) {
      assertArrayEquals(new int[] {1, 3}, BatchFilter.selectTrue(p, 4));
    }
  }

  @Test
  void takeGathersWithRepeatsAndNullPadding() {
    try (VectorSchemaRoot in = allTypes();
        VectorSchemaRoot out = VectorTake.take(in, new int[] {4, -1, 1, 1, 0, 99}, 5, allocator)) {
      assertEquals(5, out.getRowCount());
      assertEquals(List.of(
          list(false, null, null, null, true),
          list(5, null, 2, 2, 1),
          list(50L, null, null, null, 10L),
          list(5.5, null, 2.5, 2.5, 1.5),
          list(new BigDecimal("5.05"), null, new BigDecimal("-2.02"), new BigDecimal("-2.02"), new BigDecimal("1.01")),
          list("1994-01-05", null, null, null, "1994-01-01"),
          list("eeeee", null, "bé", "bé", "a")), rows(out));
    }
  }

  @Test
  void takeAcrossWordBoundaries() {
    int n = 150;
    Object[] b = new Object[n];
    Object[] s = new Object[n];
    for (int i = 0; i < n; i++) {
      b[i] = i % 7 == 0 ? null : i % 2 == 0;
      s[i] = i % 5 == 0 ? null : "s" + i;
    }
    int[] idx = new int[n];
    for (int j = 0; j < n; j++) {
      idx[j] = n - 1 - j;
    }
    try (VectorSchemaRoot in = TestBatches.batch(allocator, col(BOOL, b), col(STR, s));
        VectorSchemaRoot out = VectorTake.take(in, idx, n, allocator)) {
      List<Object> eb = new ArrayList<>();
      List<Object> es = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        eb.add(b[n - 1 - j]);
        es.add(s[n - 1 - j]);
      }
      assertEquals(List.of(eb, es), rows(out));
    }
  }
}
