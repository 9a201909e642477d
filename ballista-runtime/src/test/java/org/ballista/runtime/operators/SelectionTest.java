package org.ballista.runtime.operators;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.VectorTake;
import org.junit.jupiter.api.Test;

class SelectionTest extends AllocatorTest {
  private static final Schema SCHEMA = TestData.schema(
      "b", DataType.BOOL, "i", DataType.INT32, "l", DataType.INT64, "f", DataType.FLOAT64,
      "d", DataType.decimal(9, 3), "w", DataType.decimal(38, 0), "day", DataType.DATE, "s", DataType.UTF8,
      "n", DataType.NULL);

  @Test
  void gathersRowsFromSeveralSourcesWithAndWithoutNulls() {
    try (VectorSchemaRoot withNulls = TestData.batch(allocator, SCHEMA,
            new Object[] {true, null, false}, new Object[] {1, null, 3}, new Object[] {null, 20L, 30L},
            new Object[] {1.5, 2.5, null}, new Object[] {new BigDecimal("1.000"), null, new BigDecimal("-2.500")},
            new Object[] {null, new BigDecimal("99999999999999999999999999999999999999"), BigDecimal.ONE},
            new Object[] {100, 200, null}, new Object[] {"x", null, "zzz"}, new Object[] {null, null, null});
        VectorSchemaRoot noNulls = TestData.batch(allocator, SCHEMA,
            new Object[] {false, true}, new Object[] {7, 8}, new Object[] {70L, 80L}, new Object[] {7.5, -8.5},
            new Object[] {new BigDecimal("7.000"), new BigDecimal("8.125")},
            new Object[] {new BigDecimal("-7"), new BigDecimal("8")}, new Object[] {700, 800},
            new Object[] {"seven", ""}, new Object[] {null, null})) {
      int[] sources = {1, 0, 0, 1, 0};
      int[] rows = {1, 2, 1, 0, 0};
      try (VectorSchemaRoot out = VectorTake.take(SCHEMA, List.of(withNulls, noNulls), sources, rows, 0, 5, allocator)) {
        assertEquals(List.of(
            row(true, 8, 80L, -8.5, new BigDecimal("8.125"), new BigDecimal("8"), 800, "", null),
            row(false, 3, 30L, null, new BigDecimal("-2.500"), BigDecimal.ONE, null, "zzz", null),
            row(null, null, 20L, 2.5, null, new BigDecimal("99999999999999999999999999999999999999"), 200, null, null),
            row(false, 7, 70L, 7.5, new BigDecimal("7.000"), new BigDecimal("-7"), 700, "seven", null),
            row(true, 1, null, 1.5, new BigDecimal("1.000"), null, 100, "x", null)), TestData.rows(out));
      }
      try (VectorSchemaRoot empty = VectorTake.take(SCHEMA, List.of(withNulls), null, new int[0], 0, 0, allocator)) {
        assertEquals(0, empty.getRowCount());
      }
      try (VectorSchemaRoot sub = VectorTake.take(SCHEMA, List.of(noNulls), null, new int[] {9, 1, 1}, 1, 2, allocator)) {
        assertEquals(List.of("", ""), TestData.rows(sub).stream().map(r -> r.get(7)).toList());
      }
    }
  }

  @Test
  void selectionIgnoresDataBitsUnderNullsAndHandlesTails() {
    int n = 131; // two 64-bit words and a partial byte tail
    try (BitVector mask = new BitVector("m", allocator)) {
      mask.allocateNew(n);
      for (int i = 0; i < n; i++) {
        mask.set(i, i % 2);
        if (i % 5 == 0) {
          mask.setNull(i); // data bit may stay set, validity cleared
        }
      }
      mask.setValueCount(n);
      int[] expected = java.util.stream.IntStream.range(0, n).filter(i -> i % 2 == 1 && i % 5 != 0).toArray();
      assertEquals(expected.length, Selection.count(mask, n));
      assertArrayEquals(expected, Selection.selectedRows(mask, n));
      assertArrayEquals(java.util.stream.IntStream.of(expected).filter(i -> i < 67).toArray(), Selection.selectedRows(mask, 67));
    }
  }
}
