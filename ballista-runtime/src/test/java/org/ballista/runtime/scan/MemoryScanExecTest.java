package org.ballista.runtime.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryScanExecTest {
  static final Schema TABLE = new Schema(List.of(
      Vectors.field("k", DataType.INT64, false),
      Vectors.field("s", DataType.UTF8, true),
      Vectors.field("flag", DataType.BOOL, true)));

  BufferAllocator allocator;
  BufferAllocator catalog;
  BufferAllocator task;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    catalog = allocator.newChildAllocator("catalog", 0, Long.MAX_VALUE);
    task = allocator.newChildAllocator("task", 0, Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() {
    task.close();
    catalog.close();
    allocator.close();
  }

  VectorSchemaRoot batch(long from, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(TABLE, catalog);
    root.allocateNew();
    for (int r = 0; r < rows; r++) {
      long k = from + r;
      ((BigIntVector) root.getVector(0)).setSafe(r, k);
      if (k % 3 == 0) {
        root.getVector(1).setNull(r);
      } else {
        ((VarCharVector) root.getVector(1)).setSafe(r, ("s" + k).getBytes(StandardCharsets.UTF_8));
      }
      ((BitVector) root.getVector(2)).setSafe(r, k % 2 == 0 ? 1 : 0);
    }
    root.setRowCount(rows);
    return root;
  }

  @Test
  void sharesProjectedColumnsRoundRobinAndLeavesSourcesIntact() {
    List<VectorSchemaRoot> batches = List.of(batch(0, 10), batch(10, 5), batch(15, 0), batch(15, 7));
    try {
      Schema out = new Schema(List.of(Vectors.field("text", DataType.UTF8, true), Vectors.field("key", DataType.INT64, false)));
      MemoryScanExec scan = new MemoryScanExec(TABLE, batches, new int[] {1, 0}, out, 2);
      assertEquals(2, scan.outputPartitioning().partitionCount());
      List<Long> keys = new ArrayList<>();
      List<List<Integer>> rowCounts = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        List<Integer> counts = new ArrayList<>();
        try (BatchStream stream = scan.execute(p, new TaskContext(task, new SessionConfig(2, 1024)))) {
          for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
            try (VectorSchemaRoot b = next) {
              assertEquals(out, b.getSchema());
              counts.add(b.getRowCount());
              for (int r = 0; r < b.getRowCount(); r++) {
                long k = ((BigIntVector) b.getVector(1)).get(r);
                keys.add(k);
                VarCharVector s = (VarCharVector) b.getVector(0);
                assertEquals(k % 3 == 0 ? null : "s" + k, s.isNull(r) ? null : new String(s.get(r), StandardCharsets.UTF_8));
              }
            }
          }
        }
        rowCounts.add(counts);
      }
      assertEquals(List.of(List.of(10, 0), List.of(5, 7)), rowCounts);
      keys.sort(null);
      assertEquals(22, keys.size());
      assertEquals(0L, keys.get(0));
      assertEquals(21L, keys.get(21));
      // Views were closed; the catalog's batches are still intact and readable.
      assertEquals(10, batches.get(0).getRowCount());
      assertEquals("s4", new String(((VarCharVector) batches.get(0).getVector(1)).get(4), StandardCharsets.UTF_8));
      assertEquals(0, task.getAllocatedMemory());
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  @Test
  void viewOutlivesItsSourceAndEmptyTableHasOnePartition() {
    VectorSchemaRoot source = batch(0, 4);
    MemoryScanExec scan = new MemoryScanExec(TABLE, List.of(source), new int[] {0}, new Schema(List.of(TABLE.getFields().get(0))), 8);
    assertEquals(1, scan.outputPartitioning().partitionCount());
    VectorSchemaRoot view;
    try (BatchStream stream = scan.execute(0, new TaskContext(task, new SessionConfig(8, 1024)))) {
      view = stream.next();
      assertNull(stream.next());
    }
    source.close();
    try (view) {
      assertEquals(3L, ((BigIntVector) view.getVector(0)).get(3));
    }
    MemoryScanExec empty = new MemoryScanExec(TABLE, List.of(), new int[] {0}, new Schema(List.of(TABLE.getFields().get(0))), 8);
    assertEquals(1, empty.outputPartitioning().partitionCount());
    try (BatchStream stream = empty.execute(0, new TaskContext(task, new SessionConfig(8, 1024)))) {
      assertNull(stream.next());
    }
  }
}
