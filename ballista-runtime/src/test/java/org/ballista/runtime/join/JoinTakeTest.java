package org.ballista.runtime.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.VectorTake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JoinTakeTest {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static final Schema S = HashJoinExecTest.schema("i", DataType.INT32, "l", DataType.INT64, "f", DataType.FLOAT64,
      "d", DataType.decimal(20, 3), "t", DataType.DATE, "b", DataType.BOOL, "s", DataType.UTF8);

  private List<Object[]> data() {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 21; r++) {
      if (r % 5 == 3) {
        rows.add(new Object[7]);
      } else {
        rows.add(Rows.row(r, (long) r * 1000, r / 4.0, BigDecimal.valueOf(r * 12345L - 50000, 3), 18000 + r,
            r % 2 == 0, "v" + "z".repeat(r % 4) + r));
      }
    }
    return rows;
  }

  private static Object value(FieldVector v, int i) {
    Object o = v.getObject(i);
    return o instanceof Text t ? t.toString() : o;
  }

  @Test
  void gatherEveryTypeWithNullsAndMissingRows() {
    List<Object[]> rows = data();
    int[] idx = {20, -1, 3, 0, 0, 7, 13, -1, 19, 1, 2};
    try (VectorSchemaRoot src = TestData.batchOfRows(allocator, S, rows)) {
      for (int c = 0; c < S.getFields().size(); c++) {
        FieldVector v = src.getVector(c);
        try (FieldVector g = VectorTake.take(v, true, idx, 1, idx.length - 1, S.getFields().get(c), allocator)) {
          assertEquals(idx.length - 1, g.getValueCount());
          for (int k = 1; k < idx.length; k++) {
            Object expected = idx[k] < 0 ? null : rows.get(idx[k])[c];
            assertEquals(expected, value(g, k - 1), "column " + c + " row " + k);
          }
        }
        try (FieldVector nulls = VectorTake.nulls(S.getFields().get(c), 10, allocator)) {
          assertEquals(10, nulls.getNullCount());
        }
      }
    }
  }

  @Test
  void sliceSharesARunAndIsRunDetectsIt() {
    assertTrue(VectorTake.isRun(new int[] {9, 4, 5, 6}, 1, 3));
    assertFalse(VectorTake.isRun(new int[] {4, 6}, 0, 2));
    assertFalse(VectorTake.isRun(new int[] {-1, 0}, 0, 2));
    List<Object[]> rows = data();
    try (VectorSchemaRoot src = TestData.batchOfRows(allocator, S, rows)) {
      try (FieldVector s = VectorTake.slice(src.getVector(6), 5, 9, S.getFields().get(6), allocator)) {
        for (int k = 0; k < 9; k++) {
          assertEquals(rows.get(5 + k)[6], value(s, k));
        }
      }
    }
  }

  @Test
  void concatCopiesEveryTypeAcrossUnalignedBatches() {
    List<Object[]> rows = data();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      int[] cuts = {0, 3, 3, 11, 21};
      for (int i = 0; i + 1 < cuts.length; i++) {
        batches.add(TestData.batchOfRows(allocator, S, rows.subList(cuts[i], cuts[i + 1])));
      }
      for (int c = 0; c < S.getFields().size(); c++) {
        try (FieldVector v = Concat.column(batches, c, S.getFields().get(c), allocator)) {
          assertEquals(rows.size(), v.getValueCount());
          for (int r = 0; r < rows.size(); r++) {
            assertEquals(rows.get(r)[c], value(v, r), "column " + c + " row " + r);
          }
        }
      }
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
    assertEquals(Arrays.asList(1, 2), Arrays.asList(1, 2));
  }
}
