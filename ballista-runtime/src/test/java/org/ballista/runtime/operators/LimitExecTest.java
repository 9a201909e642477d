package org.ballista.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class LimitExecTest extends AllocatorTest {
  private static final Schema SCHEMA = TestData.schema("id", DataType.INT64, "s", DataType.UTF8, "b", DataType.BOOL);

  /** {@code batches} batches of {@code size} rows numbered from {@code first}. */
  private static List<Function<BufferAllocator, VectorSchemaRoot>> numbered(long first, int batches, int size) {
    List<Function<BufferAllocator, VectorSchemaRoot>> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      long start = first + (long) b * size;
      out.add(a -> {
        Object[] ids = new Object[size];
        Object[] strs = new Object[size];
        Object[] bools = new Object[size];
        for (int i = 0; i < size; i++) {
          long v = start + i;
          ids[i] = v;
          strs[i] = v % 3 == 0 ? null : "v" + v;
          bools[i] = v % 2 == 0;
        }
        return TestData.batch(a, SCHEMA, ids, strs, bools);
      });
    }
    return out;
  }

  private static List<Long> ids(List<List<Object>> rows) {
    return rows.stream().map(r -> (Long) r.get(0)).toList();
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void offsetAndFetchAcrossBatchBoundariesStopsEarly() {
    BatchSourceExec source = new BatchSourceExec(SCHEMA, List.of(numbered(0, 5, 4)));
    LimitExec limit = new LimitExec(source, 6, 7);
    assertEquals(Partitioning.SINGLE, limit.outputPartitioning());
    BatchStream s = limit.execute(0, context);
    List<Integer> sizes = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (VectorSchemaRoot b = s.next()) {
        sizes.add(b.getRowCount());
        rows.addAll(TestData.rows(b));
      }
    }
    assertEquals(1, source.closed.get(), "input closed as soon as fetch rows were produced");
    assertEquals(4, source.produced.get(), "no batch pulled past the limit");
    assertNull(s.next());
    s.close();
    s.close();
    assertEquals(List.of(2, 4, 1), sizes);
    assertEquals(range(6, 13), ids(rows));
    assertEquals(TestData.row(7L, "v7", false), rows.get(1));
    assertEquals(TestData.row(9L, null, false), rows.get(3));
    assertEquals(1, source.closed.get());
  }

  @Test
  void offsetWithoutFetchAndFetchBeyondInput() {
    BatchSourceExec source = new BatchSourceExec(SCHEMA, List.of(numbered(0, 5, 4)));
    assertEquals(range(17, 20), ids(TestData.drain(new LimitExec(source, 17, -1).execute(0, context))));
    assertEquals(range(0, 20), ids(TestData.drain(new LimitExec(source, 0, 100).execute(0, context))));
    assertEquals(List.of(), ids(TestData.drain(new LimitExec(source, 25, 3).execute(0, context))));
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void fetchZeroNeverOpensInput() {
    BatchSourceExec source = new BatchSourceExec(SCHEMA, List.of(numbered(0, 2, 4)));
    assertEquals(List.of(), TestData.drain(new LimitExec(source, 0, 0).execute(0, context)));
    assertEquals(0, source.opened.get());
  }

  @Test
  void readsSeveralInputPartitionsInOrder() {
    BatchSourceExec source = new BatchSourceExec(SCHEMA, List.of(numbered(0, 2, 3), numbered(100, 2, 3), numbered(200, 1, 3)));
    List<Long> got = ids(TestData.drain(new LimitExec(source, 4, 5).execute(0, context)));
    assertEquals(List.of(4L, 5L, 100L, 101L, 102L), got);
    assertEquals(2, source.opened.get(), "third partition never opened");
    assertEquals(2, source.closed.get());
  }

  @Test
  void earlyCloseReleasesEverything() {
    BatchSourceExec source = new BatchSourceExec(SCHEMA, List.of(numbered(0, 5, 4)));
    BatchStream s = new LimitExec(source, 1, 10).execute(0, context);
    s.next().close();
    s.close();
    assertEquals(1, source.closed.get());
  }
}
