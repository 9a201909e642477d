package org.ballista.runtime.shuffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class HashPartitionerTest extends AllocatorTest {
  private static final Schema KS = TestData.schema("k", DataType.INT64, "s", DataType.UTF8);
  private static final Object[] KEYS = {0L, 1L, 42L, -7L, 1_000_000_007L, Long.MIN_VALUE, null, 123456789012L};
  private static final Object[] STRINGS = {"", "a", "hello", "ASIA", "Customer#000000001", "x", null, "zürich"};

  /** Pinned values: if one of these changes, shuffle data of older writers is routed differently. */
  @Test
  void hashIsPinned() {
    assertEquals(0x6880CD9EBDBD6EB6L, ShuffleHash.hashLong(42));
    assertEquals(0x7962273121DF70F4L, ShuffleHash.hashBytes("hello".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0x663A6D66529AC88EL, ShuffleHash.hashBytes("ballista for java".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0x6A09E667F3BCC909L, ShuffleHash.NULL_HASH);
    try (VectorSchemaRoot b = TestData.batch(allocator, KS, KEYS, STRINGS)) {
      assertArrayEquals(new int[] {5, 6, 3, 1, 4, 5, 3, 7}, HashPartitioner.partitionOf(b, new int[] {0}, 8));
      assertArrayEquals(new int[] {4, 5, 3, 4, 2, 2, 3, 7}, HashPartitioner.partitionOf(b, new int[] {1}, 8));
      assertArrayEquals(new int[] {0, 3, 2, 2, 1, 1, 0, 3}, HashPartitioner.partitionOf(b, new int[] {0, 1}, 5));
    }
  }

  @Test
  void equalValuesOfDifferentWidthsHashEqually() {
    Schema s = TestData.schema("i", DataType.INT32, "l", DataType.INT64, "d", DataType.DATE,
        "dec", DataType.decimal(15, 2), "wide", DataType.decimal(38, 2));
    Object[] ints = {0, 1, -1, 19000, Integer.MAX_VALUE, Integer.MIN_VALUE, null};
    Object[] longs = {0L, 1L, -1L, 19000L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, null};
    Object[] dates = ints;
    Object[] decs = {dec("0.00"), dec("0.01"), dec("-0.01"), dec("190.00"), dec("21474836.47"), dec("-21474836.48"), null};
    try (VectorSchemaRoot b = TestData.batch(allocator, s, ints, longs, dates, decs, decs)) {
      long[] expected = HashPartitioner.hashes(b, new int[] {1});
      for (int c = 0; c < 5; c++) {
        assertArrayEquals(expected, HashPartitioner.hashes(b, new int[] {c}), "column " + c);
      }
      assertEquals(ShuffleHash.NULL_HASH, expected[6]);
    }
  }

  @Test
  void wideDecimalsBeyondLongRangeStillHash() {
    Schema s = TestData.schema("wide", DataType.decimal(38, 0));
    Object[] v = {new BigDecimal("100000000000000000000"), new BigDecimal("-100000000000000000000"),
        new BigDecimal("100000000000000000000")};
    try (VectorSchemaRoot b = TestData.batch(allocator, s, v)) {
      long[] h = HashPartitioner.hashes(b, new int[] {0});
      assertEquals(h[0], h[2]);
      assertNotEquals(h[0], h[1]);
    }
  }

  @Test
  void doublesNormalizeZeroAndNaN() {
    assertEquals(ShuffleHash.hashDouble(0.0), ShuffleHash.hashDouble(-0.0));
    assertEquals(ShuffleHash.hashDouble(Double.NaN), ShuffleHash.hashDouble(Double.longBitsToDouble(0x7ff8000000000001L)));
    assertNotEquals(ShuffleHash.hashDouble(1.0), ShuffleHash.hashDouble(-1.0));
    Schema s = TestData.schema("f", DataType.FLOAT64);
    try (VectorSchemaRoot b = TestData.batch(allocator, s, new Object[] {-0.0, 0.0, 2.5, null})) {
      long[] h = HashPartitioner.hashes(b, new int[] {0});
      assertEquals(h[0], h[1]);
      assertEquals(ShuffleHash.hashDouble(2.5), h[2]);
      assertEquals(ShuffleHash.NULL_HASH, h[3]);
    }
  }

  @Test
  void boolsNullsAndNullColumns() {
    Schema s = TestData.schema("b", DataType.BOOL, "n", DataType.NULL);
    try (VectorSchemaRoot b = TestData.batch(allocator, s, new Object[] {true, false, null, true},
        new Object[] {null, null, null, null})) {
      long[] h = HashPartitioner.hashes(b, new int[] {0});
      assertArrayEquals(new long[] {ShuffleHash.hashLong(1), ShuffleHash.hashLong(0), ShuffleHash.NULL_HASH,
          ShuffleHash.hashLong(1)}, h);
      long[] n = HashPartitioner.hashes(b, new int[] {1});
      for (long x : n) {
        assertEquals(ShuffleHash.NULL_HASH, x);
      }
    }
  }

  @Test
  void bufferAndArrayByteHashesAgreeForAllLengths() {
    byte[] bytes = new byte[40];
    new Random(3).nextBytes(bytes);
    try (ArrowBuf buf = allocator.buffer(64)) {
      buf.setBytes(3, bytes);
      for (int len = 0; len <= 40; len++) {
        byte[] prefix = java.util.Arrays.copyOf(bytes, len);
        assertEquals(ShuffleHash.hashBytes(prefix), ShuffleHash.hashBytes(buf, 3, len), "length " + len);
      }
    }
  }

  @Test
  void multiColumnKeysDependOnOrderAndAllColumns() {
    Schema s = TestData.schema("a", DataType.INT64, "b", DataType.INT64);
    try (VectorSchemaRoot b = TestData.batch(allocator, s, new Object[] {1L, 2L, 1L, 1L}, new Object[] {2L, 1L, 2L, 3L})) {
      long[] h = HashPartitioner.hashes(b, new int[] {0, 1});
      assertEquals(h[0], h[2]);
      assertNotEquals(h[0], h[1]);
      assertNotEquals(h[0], h[3]);
      assertEquals(ShuffleHash.combine(ShuffleHash.hashLong(1), ShuffleHash.hashLong(2)), h[0]);
    }
  }

  @Test
  void sequentialKeysSpreadEvenly() {
    int rows = 80_000;
    Object[] keys = new Object[rows];
    for (int i = 0; i < rows; i++) {
      keys[i] = (long) i;
    }
    try (VectorSchemaRoot b = TestData.batch(allocator, TestData.schema("k", DataType.INT64), keys)) {
      int[] counts = new int[8];
      for (int p : HashPartitioner.partitionOf(b, new int[] {0}, 8)) {
        counts[p]++;
      }
      for (int c : counts) {
        assertTrue(Math.abs(c - rows / 8) < rows / 8 / 20, "within 5%: " + java.util.Arrays.toString(counts));
      }
    }
  }

  @Test
  void splitKeepsEveryTypeAndNullInOrder() {
    Schema s = TestData.schema("b", DataType.BOOL, "i", DataType.INT32, "l", DataType.INT64, "f", DataType.FLOAT64,
        "dec", DataType.decimal(15, 2), "d", DataType.DATE, "s", DataType.UTF8, "n", DataType.NULL);
    Random random = new Random(7);
    int rows = 300;
    List<Object[]> data = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      boolean nul = r % 7 == 3;
      data.add(new Object[] {nul ? null : r % 2 == 0, nul ? null : r, nul ? null : r * 1000L,
          nul ? null : r / 4.0, nul ? null : BigDecimal.valueOf(r * 37L, 2), nul ? null : 18000 + r,
          nul ? null : "v" + random.nextInt(1000) + "é".repeat(r % 5), null});
    }
    int[] ids = new int[rows];
    for (int r = 0; r < rows; r++) {
      ids[r] = random.nextInt(3); // partition 3 of 4 stays empty
    }
    try (VectorSchemaRoot b = TestData.batchOfRows(allocator, s, data)) {
      List<List<Object>> all = TestData.rows(b);
      VectorSchemaRoot[] parts = HashPartitioner.split(b, ids, 4, allocator);
      try {
        assertNull(parts[3]);
        for (int p = 0; p < 3; p++) {
          List<List<Object>> expected = new ArrayList<>();
          for (int r = 0; r < rows; r++) {
            if (ids[r] == p) {
              expected.add(all.get(r));
            }
          }
          assertNotNull(parts[p]);
          assertEquals(expected, TestData.rows(parts[p]), "partition " + p);
        }
      } finally {
        HashPartitioner.closeAll(parts);
      }
      parts = HashPartitioner.split(b, new int[rows], 2, allocator); // all rows to partition 0: a shared view
      try {
        assertNull(parts[1]);
        assertEquals(all, TestData.rows(parts[0]));
      } finally {
        HashPartitioner.closeAll(parts);
      }
    }
  }

  @Test
  void splitWithAllRowsInOnePartitionSharesTheBatch() {
    try (VectorSchemaRoot b = TestData.batch(allocator, KS, KEYS, STRINGS)) {
      VectorSchemaRoot[] parts = HashPartitioner.split(b, new int[8], 3, allocator);
      try {
        assertNull(parts[1]);
        assertNull(parts[2]);
        assertEquals(TestData.rows(b), TestData.rows(parts[0]));
      } finally {
        HashPartitioner.closeAll(parts);
      }
      assertEquals(8, b.getRowCount(), "input untouched");
      assertEquals(TestData.rows(b).get(2), TestData.row(42L, "hello"));
    }
  }

  @Test
  void unsupportedKeyTypeIsReported() {
    org.apache.arrow.vector.types.pojo.Field f = new org.apache.arrow.vector.types.pojo.Field("t",
        org.apache.arrow.vector.types.pojo.FieldType.nullable(
            new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(
                org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null)), null);
    try (VectorSchemaRoot b = VectorSchemaRoot.create(new Schema(List.of(f)), allocator)) {
      b.allocateNew();
      b.setRowCount(1);
      BallistaException e = assertThrows(BallistaException.class,
          () -> HashPartitioner.partitionOf(b, new int[] {0}, 2));
      assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
    }
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }
}
