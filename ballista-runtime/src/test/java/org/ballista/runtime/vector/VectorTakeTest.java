package org.ballista.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The multi-source form with runs, NULL padding and sources with and without NULLs. */
class VectorTakeTest {
  private static final Schema SCHEMA = new Schema(List.of(Vectors.field("l", DataType.INT64, true),
      Vectors.field("b", DataType.BOOL, true), Vectors.field("s", DataType.UTF8, true)));

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  /** Rows {@code base .. base+n-1}; every 7th row is NULL when {@code nulls}. */
  private VectorSchemaRoot batch(int base, int n, boolean nulls) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    BigIntVector l = (BigIntVector) root.getVector(0);
    BitVector b = (BitVector) root.getVector(1);
    VarCharVector s = (VarCharVector) root.getVector(2);
    for (int r = 0; r < n; r++) {
      if (nulls && r % 7 == 3) {
        continue;
      }
      l.setSafe(r, base + r);
      b.setSafe(r, (base + r) % 3 == 0 ? 1 : 0);
      s.setSafe(r, new Text("v" + (base + r)));
    }
    root.setRowCount(n);
    return root;
  }

  private static Object expected(int id, int column) {
    if (id < 0) {
      return null;
    }
    return switch (column) {
      case 0 -> (long) id;
      case 1 -> id % 3 == 0;
      default -> "v" + id;
    };
  }

  private static Object value(FieldVector v, int i) {
    Object o = v.getObject(i);
    return o instanceof Text t ? t.toString() : o;
  }

  @Test
  void multiSourceTakeCopiesRunsSingleRowsAndNullPadding() {
    // Source 0 holds ids 0..99 with NULLs at r % 7 == 3, source 1 holds ids 1000..1099 without NULLs.
    try (VectorSchemaRoot a = batch(0, 100, true); VectorSchemaRoot b = batch(1000, 100, false)) {
      List<Integer> sources = new ArrayList<>();
      List<Integer> rows = new ArrayList<>();
      for (int r = 10; r < 80; r++) { // a long run of source 0, crossing 64-row words
        sources.add(0);
        rows.add(r);
      }
      for (int r = 5; r < 17; r++) { // a run of source 1 directly after (same row numbers continue)
        sources.add(1);
        rows.add(r);
      }
      int[][] singles = {{0, 99}, {1, 0}, {0, 3}, {1, 99}, {0, -1}, {0, 0}, {1, 1}};
      for (int[] p : singles) {
        sources.add(p[0]);
        rows.add(p[1]);
      }
      int[] sourceIds = sources.stream().mapToInt(Integer::intValue).toArray();
      int[] rowIds = rows.stream().mapToInt(Integer::intValue).toArray();
      int from = 3;
      int count = rowIds.length - from;
      try (VectorSchemaRoot out = VectorTake.take(SCHEMA, List.of(a, b), sourceIds, rowIds, from, count, allocator)) {
        assertEquals(count, out.getRowCount());
        for (int j = 0; j < count; j++) {
          int s = sourceIds[from + j];
          int r = rowIds[from + j];
          boolean isNull = r < 0 || (s == 0 && r % 7 == 3);
          int id = isNull ? -1 : s * 1000 + r;
          for (int c = 0; c < 3; c++) {
            assertEquals(expected(id, c), value(out.getVector(c), j), "row " + j + " column " + c);
          }
        }
      }
    }
  }

  @Test
  void singleSourceTakeRenamesHonoursTheNoNullsHintAndPadsMissingSources() {
    try (VectorSchemaRoot a = batch(0, 20, false)) {
      int[] idx = {-1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, -1};
      try (FieldVector s = VectorTake.take(a.getVector(2), false, idx, 1, idx.length - 1,
              Vectors.field("renamed", DataType.UTF8, true), allocator);
          FieldVector none = VectorTake.take(null, false, idx, 0, 3, a.getVector(0).getField(), allocator)) {
        assertEquals("renamed", s.getName());
        for (int j = 0; j < idx.length - 1; j++) {
          assertEquals(expected(idx[j + 1], 2), value(s, j));
        }
        assertEquals(3, none.getNullCount());
        assertNull(none.getObject(2));
      }
      assertThrows(IllegalArgumentException.class, () -> VectorTake.take(a.getVector(0), idx, idx.length + 1, allocator));
    }
  }
}
