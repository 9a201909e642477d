package org.ballista.runtime.sort;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class SortExecTest extends AllocatorTest {
  /** Columns of the random tests: one of each engine type, plus a unique id last. */
  private static final Schema RANDOM = TestData.schema(
      "b", DataType.BOOL, "i", DataType.INT32, "l", DataType.INT64, "f", DataType.FLOAT64,
      "d", DataType.decimal(12, 2), "w", DataType.decimal(30, 4), "day", DataType.DATE, "s", DataType.UTF8,
      "n", DataType.NULL, "id", DataType.INT64);
  private static final String[] WORDS = {"", "a", "ab", "abc", "b", "ba", "z", "Z", "é", "éa", "ü", "中文", "中", "zz"};

  private static List<Object[]> randomRows(int n, long seed) {
    Random r = new Random(seed);
    List<Object[]> rows = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      rows.add(new Object[] {
          r.nextInt(10) == 0 ? null : r.nextBoolean(),
          r.nextInt(10) == 0 ? null : r.nextInt(200) - 100,
          r.nextInt(10) == 0 ? null : (r.nextBoolean() ? r.nextLong() : (long) r.nextInt(50)),
          r.nextInt(10) == 0 ? null : (r.nextInt(50) == 0 ? Double.NaN : Math.round(r.nextGaussian() * 100) / 4.0),
          r.nextInt(10) == 0 ? null : BigDecimal.valueOf(r.nextInt(20000) - 10000, 2),
          r.nextInt(10) == 0 ? null : new BigDecimal(new java.math.BigInteger(100, r).subtract(java.math.BigInteger.ONE.shiftLeft(99)), 4),
          r.nextInt(10) == 0 ? null : r.nextInt(400),
          r.nextInt(10) == 0 ? null : WORDS[r.nextInt(WORDS.length)] + (r.nextInt(3) == 0 ? "" : WORDS[r.nextInt(WORDS.length)]),
          null,
          (long) k});
    }
    return rows;
  }

  /** A source with the rows spread over {@code partitions} partitions of batches of {@code batch} rows. */
  private static BatchSourceExec source(Schema schema, List<Object[]> rows, int partitions, int batch) {
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> parts = new ArrayList<>();
    int perPartition = (rows.size() + partitions - 1) / partitions;
    for (int p = 0; p < partitions; p++) {
      List<Function<BufferAllocator, VectorSchemaRoot>> list = new ArrayList<>();
      int end = Math.min(rows.size(), (p + 1) * perPartition);
      for (int from = p * perPartition; from < end; from += batch) {
        List<Object[]> slice = rows.subList(from, Math.min(end, from + batch));
        list.add(a -> TestData.batchOfRows(a, schema, slice));
      }
      parts.add(list);
    }
    return new BatchSourceExec(schema, parts);
  }

  /** Batches built once in the test's allocator; its sources hand out zero-copy slices of them. */
  private final class Prebuilt implements AutoCloseable {
    private final List<List<VectorSchemaRoot>> partitions = new ArrayList<>();

    Prebuilt(Schema schema, List<Object[]> rows, int partitionCount, int batch) {
      BatchSourceExec built = SortExecTest.source(schema, rows, partitionCount, batch);
      for (int p = 0; p < partitionCount; p++) {
        List<VectorSchemaRoot> list = new ArrayList<>();
        try (BatchStream s = built.execute(p, context)) {
          for (VectorSchemaRoot b = s.next(); b != null; b = s.next()) {
            list.add(b);
          }
        }
        partitions.add(list);
      }
    }

    BatchSourceExec source() {
      List<List<Function<BufferAllocator, VectorSchemaRoot>>> parts = new ArrayList<>();
      for (List<VectorSchemaRoot> list : partitions) {
        parts.add(list.stream().<Function<BufferAllocator, VectorSchemaRoot>>map(
            b -> a -> org.ballista.runtime.operators.Batches.slice(b, 0, b.getRowCount(), a)).toList());
      }
      return new BatchSourceExec(RANDOM, parts);
    }

    @Override
    public void close() {
      partitions.forEach(l -> l.forEach(VectorSchemaRoot::close));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<List<Object>> reference(List<SortKey> keys) {
    Comparator<List<Object>> result = (x, y) -> 0;
    for (SortKey k : keys) {
      Comparator<Object> values = (a, b) -> {
        if (a instanceof String s && b instanceof String t) {
          return s.compareTo(t); // all test strings are in the BMP: UTF-16 order = code point order
        }
        return ((Comparable) a).compareTo(b);
      };
      if (!k.ascending()) {
        values = values.reversed();
      }
      Comparator<Object> withNulls = k.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
      result = result.thenComparing((List<Object> r) -> r.get(k.column()), withNulls);
    }
    return result;
  }

  /** Drains {@code stream} keeping only the unique id column (last); closes batches and stream. */
  private static List<Long> ids(BatchStream stream) {
    List<Long> out = new ArrayList<>();
    try (stream) {
      for (VectorSchemaRoot next = stream.next(); next != null; next = stream.next()) {
        try (VectorSchemaRoot b = next) {
          org.apache.arrow.vector.BigIntVector id = (org.apache.arrow.vector.BigIntVector) b.getVector(b.getFieldVectors().size() - 1);
          for (int i = 0; i < b.getRowCount(); i++) {
            out.add(id.get(i));
          }
        }
      }
    }
    return out;
  }

  private static List<Long> ids(List<List<Object>> rows) {
    return rows.stream().map(r -> (Long) r.get(r.size() - 1)).toList();
  }

  private static List<List<Object>> asLists(List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(java.util.Arrays.asList(r));
    }
    return out;
  }

  @Test
  void multiKeyMixedTypesWithNullsFirstLastAndDesc() {
    Schema schema = TestData.schema("g", DataType.UTF8, "v", DataType.INT32, "amount", DataType.decimal(10, 2));
    List<Object[]> rows = List.of(
        new Object[] {"b", 1, new BigDecimal("1.00")},
        new Object[] {null, 5, new BigDecimal("2.00")},
        new Object[] {"a", null, new BigDecimal("3.00")},
        new Object[] {"b", 7, null},
        new Object[] {"a", 2, new BigDecimal("-4.50")},
        new Object[] {"b", null, new BigDecimal("5.00")},
        new Object[] {null, 9, new BigDecimal("6.00")},
        new Object[] {"a", 2, new BigDecimal("7.25")});
    BatchSourceExec source = source(schema, rows, 2, 3);
    // g ASC NULLS FIRST, v DESC NULLS LAST, amount DESC NULLS FIRST
    SortExec sort = new SortExec(source, List.of(
        new SortKey(0, true, true), new SortKey(1, false, false), new SortKey(2, false, true)));
    List<List<Object>> got = TestData.drain(sort.execute(0, context));
    assertEquals(List.of(
        row(null, 9, new BigDecimal("6.00")),
        row(null, 5, new BigDecimal("2.00")),
        row("a", 2, new BigDecimal("7.25")),
        row("a", 2, new BigDecimal("-4.50")),
        row("a", null, new BigDecimal("3.00")),
        row("b", 7, null),
        row("b", 1, new BigDecimal("1.00")),
        row("b", null, new BigDecimal("5.00"))), got);
    assertEquals(2, source.opened.get());
    assertEquals(2, source.closed.get());
  }

  @Test
  void everyTypeAsSingleKeyMatchesReference() {
    List<Object[]> rows = randomRows(1500, 7);
    List<List<Object>> all = asLists(rows);
    try (Prebuilt input = new Prebuilt(RANDOM, rows, 1, 700)) {
    for (int column = 0; column < RANDOM.getFields().size(); column++) {
      for (int variant = 0; variant < 4; variant++) {
        SortKey key = new SortKey(column, variant % 2 == 0, variant / 2 == 0);
        List<SortKey> keys = List.of(key, new SortKey(9, true, false));
        List<List<Object>> expected = new ArrayList<>(all);
        expected.sort(reference(keys));
        List<Long> got = ids(new SortExec(input.source(), keys).execute(0, context));
        assertEquals(ids(expected), got, "key " + key);
      }
    }
    }
  }

  @Test
  void tiesWithoutTiebreakKeepKeyOrder() {
    List<Object[]> rows = randomRows(5000, 11);
    List<SortKey> keys = List.of(new SortKey(0, false, true));
    List<List<Object>> got = TestData.drain(new SortExec(source(RANDOM, rows, 3, 512), keys).execute(0, context));
    assertEquals(5000, got.size());
    List<List<Object>> expected = asLists(rows);
    expected.sort(reference(keys));
    assertEquals(expected.stream().map(r -> r.get(0)).toList(), got.stream().map(r -> r.get(0)).toList());
  }

  @Test
  void topNEqualsFullSortOnRandomData() {
    List<Object[]> rows = randomRows(50_000, 42);
    List<SortKey> keys = List.of(new SortKey(2, false, false), new SortKey(7, true, true), new SortKey(9, true, true));
    TaskContext small = context(1000);
    try (Prebuilt input = new Prebuilt(RANDOM, rows, 2, 1000)) {
    List<Long> full = ids(new SortExec(input.source(), keys).execute(0, small));
    assertEquals(50_000, full.size());
    List<List<Object>> expected = asLists(rows);
    expected.sort(reference(keys));
    assertEquals(ids(expected), full);

    long[][] cases = {{37, 100}, {5000, 10_000}, {49_990, 100}, {0, 60_000}};
    for (long[] c : cases) {
      List<Long> top = ids(new SortExec(input.source(), keys, c[0], c[1]).execute(0, small));
      int from = (int) Math.min(c[0], full.size());
      int to = (int) Math.min(full.size(), c[0] + c[1]);
      assertEquals(full.subList(from, to), top, "offset " + c[0] + " fetch " + c[1]);
    }
    List<Long> offsetOnly = ids(new SortExec(input.source(), keys, 49_000, -1).execute(0, small));
    assertEquals(full.subList(49_000, 50_000), offsetOnly);
    }
  }

  @Test
  void topNKeepsMemoryBounded() {
    Schema narrow = TestData.schema("s", DataType.UTF8, "id", DataType.INT64);
    List<Object[]> rows = randomRows(20_000, 3).stream().map(r -> new Object[] {r[7], r[9]}).toList();
    List<SortKey> keys = List.of(new SortKey(0, true, false), new SortKey(1, false, false));
    long fullPeak;
    try (BufferAllocator child = allocator.newChildAllocator("full", 0, Long.MAX_VALUE)) {
      TestData.drain(new SortExec(source(narrow, rows, 1, 1000), keys).execute(0, new TaskContext(child, new SessionConfig(1, 250))));
      fullPeak = child.getPeakMemoryAllocation();
    }
    long topPeak;
    try (BufferAllocator child = allocator.newChildAllocator("top", 0, Long.MAX_VALUE)) {
      List<List<Object>> top = TestData.drain(new SortExec(source(narrow, rows, 1, 1000), keys, 10, 100)
          .execute(0, new TaskContext(child, new SessionConfig(1, 250))));
      assertEquals(100, top.size());
      topPeak = child.getPeakMemoryAllocation();
    }
    assertTrue(topPeak * 4 < fullPeak, "top-N peak " + topPeak + " vs full sort peak " + fullPeak);
  }

  @Test
  void outputBatchesHaveBatchSizeRowsAndEarlyCloseReleasesAll() {
    List<Object[]> rows = randomRows(2500, 5);
    BatchSourceExec source = source(RANDOM, rows, 1, 300);
    BatchStream s = new SortExec(source, List.of(new SortKey(1, true, true))).execute(0, context(1000));
    try (VectorSchemaRoot b = s.next()) {
      assertEquals(1000, b.getRowCount());
    }
    s.close();
    s.close();
    assertNull(s.next());
    assertEquals(1, source.closed.get());
    List<Integer> sizes = new ArrayList<>();
    try (BatchStream all = new SortExec(source, List.of(new SortKey(1, true, true))).execute(0, context(1000))) {
      for (VectorSchemaRoot b = all.next(); b != null; b = all.next()) {
        sizes.add(b.getRowCount());
        b.close();
      }
    }
    assertEquals(List.of(1000, 1000, 500), sizes);
  }

  @Test
  void emptyInputAndFetchZero() {
    BatchSourceExec empty = new BatchSourceExec(RANDOM, List.of(List.of(a -> TestData.batchOfRows(a, RANDOM, List.of()))));
    assertEquals(List.of(), TestData.drain(new SortExec(empty, List.of(new SortKey(0, true, true))).execute(0, context)));
    assertEquals(List.of(), TestData.drain(new SortExec(empty, List.of(new SortKey(0, true, true)), 0, 5).execute(0, context)));
    BatchSourceExec source = source(RANDOM, randomRows(10, 1), 1, 5);
    assertEquals(List.of(), TestData.drain(new SortExec(source, List.of(new SortKey(0, true, true)), 3, 0).execute(0, context)));
    assertEquals(0, source.opened.get());
  }
}
