package org.ballista.runtime.operators;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class FilterExecTest extends AllocatorTest {
  private static final Schema SCHEMA = TestData.schema(
      "id", DataType.INT32, "flag", DataType.BOOL, "name", DataType.UTF8, "amount", DataType.decimal(10, 2),
      "day", DataType.DATE, "x", DataType.FLOAT64, "big", DataType.INT64, "n", DataType.NULL,
      "wide", DataType.decimal(30, 3));

  private VectorSchemaRoot sample(org.apache.arrow.memory.BufferAllocator a) {
    return TestData.batch(a, SCHEMA,
        new Object[] {1, 2, 3, 4, 5},
        new Object[] {true, null, false, true, true},
        new Object[] {"a", "bb", null, "", "ééé"},
        new Object[] {new BigDecimal("1.50"), null, new BigDecimal("-3.25"), new BigDecimal("0.00"), new BigDecimal("99999999.99")},
        new Object[] {10, 20, null, 40, 50},
        new Object[] {1.5, null, 3.5, Double.NaN, -0.0},
        new Object[] {10L, 20L, 30L, null, Long.MIN_VALUE},
        new Object[] {null, null, null, null, null},
        new Object[] {new BigDecimal("123456789012345678901.123"), null, null, new BigDecimal("-1.000"), new BigDecimal("2.500")});
  }

  /** Predicate: id > threshold, NULL when id is NULL. */
  private static VectorEvaluator idGreaterThan(int threshold) {
    return (batch, alloc) -> {
      IntVector id = (IntVector) batch.getVector(0);
      BitVector out = new BitVector("p", alloc);
      out.allocateNew(batch.getRowCount());
      for (int i = 0; i < batch.getRowCount(); i++) {
        if (id.isNull(i)) {
          out.setNull(i);
        } else {
          out.set(i, id.get(i) > threshold ? 1 : 0);
        }
      }
      out.setValueCount(batch.getRowCount());
      return out;
    };
  }

  @Test
  void keepsTrueRowsAndDropsNullAndFalseForEveryType() {
    BatchSourceExec source = BatchSourceExec.of(SCHEMA, this::sample);
    FilterExec filter = new FilterExec(source, new Expr.Column(1, DataType.BOOL));
    List<List<Object>> rows = TestData.drain(filter.execute(0, context));
    assertEquals(3, rows.size());
    assertEquals(row(1, true, "a", new BigDecimal("1.50"), 10, 1.5, 10L, null, new BigDecimal("123456789012345678901.123")), rows.get(0));
    assertEquals(row(4, true, "", new BigDecimal("0.00"), 40, Double.NaN, null, null, new BigDecimal("-1.000")), rows.get(1));
    assertEquals(row(5, true, "ééé", new BigDecimal("99999999.99"), 50, -0.0, Long.MIN_VALUE, null, new BigDecimal("2.500")), rows.get(2));
    assertEquals(1, source.closed.get());
  }

  @Test
  void allPassingBatchIsPassedThroughAndNonePassingBatchIsSkipped() {
    List<VectorSchemaRoot> made = new ArrayList<>();
    Schema schema = TestData.schema("id", DataType.INT32);
    BatchSourceExec source = BatchSourceExec.of(schema,
        a -> TestData.batch(a, schema, new Object[] {1, 2}),
        a -> { VectorSchemaRoot b = TestData.batch(a, schema, new Object[] {5, 6, 7}); made.add(b); return b; },
        a -> TestData.batch(a, schema, new Object[] {0, null}),
        a -> TestData.batch(a, schema, new Object[] {3, 1, 4, null, 9}));
    try (BatchStream s = new FilterExec(source, idGreaterThan(2)).execute(0, context)) {
      try (VectorSchemaRoot first = s.next()) {
        assertSame(made.get(0), first, "an all-true batch is passed through untouched");
        assertEquals(List.of(row(5), row(6), row(7)), TestData.rows(first));
      }
      try (VectorSchemaRoot second = s.next()) {
        assertEquals(List.of(row(3), row(4), row(9)), TestData.rows(second));
      }
      assertNull(s.next());
    }
    assertEquals(1, source.closed.get());
  }

  @Test
  void selectsAcrossWordBoundariesOfLargeBatches() {
    int n = 1000;
    Object[] ids = new Object[n];
    Object[] names = new Object[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i % 7 == 0 ? null : i;
      names[i] = i % 5 == 0 ? null : "name-" + i;
    }
    Schema schema = TestData.schema("id", DataType.INT32, "name", DataType.UTF8);
    BatchSourceExec source = BatchSourceExec.of(schema, a -> TestData.batch(a, schema, ids, names));
    VectorEvaluator multipleOf3 = (batch, alloc) -> {
      IntVector id = (IntVector) batch.getVector(0);
      BitVector out = new BitVector("p", alloc);
      out.allocateNew(batch.getRowCount());
      for (int i = 0; i < batch.getRowCount(); i++) {
        if (id.isNull(i)) {
          out.setNull(i);
        } else {
          out.set(i, id.get(i) % 3 == 0 ? 1 : 0);
        }
      }
      out.setValueCount(batch.getRowCount());
      return out;
    };
    List<List<Object>> rows = TestData.drain(new FilterExec(source, multipleOf3).execute(0, context));
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i % 7 != 0 && i % 3 == 0) {
        expected.add(row(i, i % 5 == 0 ? null : "name-" + i));
      }
    }
    assertEquals(expected, rows);
  }

  @Test
  void nonBooleanPredicateIsATypeMismatch() {
    Schema schema = TestData.schema("id", DataType.INT32);
    BatchSourceExec source = BatchSourceExec.of(schema, a -> TestData.batch(a, schema, new Object[] {1}));
    BatchStream s = new FilterExec(source, new Expr.Column(0, DataType.INT32)).execute(0, context);
    BallistaException e = assertThrows(BallistaException.class, s::next);
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
    s.close();
    s.close();
    assertEquals(1, source.closed.get());
  }
}
