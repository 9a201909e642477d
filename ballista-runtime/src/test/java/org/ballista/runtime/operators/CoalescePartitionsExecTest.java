package org.ballista.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoalescePartitionsExecTest extends AllocatorTest {
  private static final Schema SCHEMA = TestData.schema("id", DataType.INT64, "s", DataType.UTF8);
  private ExecutorService executor;
  private final Set<String> producerThreads = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startExecutor() {
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void stopExecutor() throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS), "producer threads ended");
  }

  /** Partition p: {@code batches} batches of 10 rows with ids p*100000 + i. */
  private BatchSourceExec source(int partitions, int batches, int failingPartition, int failingBatch) {
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Function<BufferAllocator, VectorSchemaRoot>> list = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        long first = p * 100_000L + b * 10L;
        boolean fail = p == failingPartition && b == failingBatch;
        list.add(a -> {
          producerThreads.add(Thread.currentThread().getName());
          if (fail) {
            throw new IllegalStateException("disk on fire in partition " + failingPartition);
          }
          Object[] ids = new Object[10];
          Object[] s = new Object[10];
          for (int i = 0; i < 10; i++) {
            ids[i] = first + i;
            s[i] = "row" + (first + i);
          }
          return TestData.batch(a, SCHEMA, ids, s);
        });
      }
      parts.add(list);
    }
    return new BatchSourceExec(SCHEMA, parts);
  }

  @Test
  void mergesFourPartitionsConcurrently() {
    BatchSourceExec source = source(4, 50, -1, -1);
    CoalescePartitionsExec coalesce = new CoalescePartitionsExec(source, executor);
    assertEquals(Partitioning.SINGLE, coalesce.outputPartitioning());
    List<List<Object>> rows = TestData.drain(coalesce.execute(0, context));
    Set<Long> expected = new HashSet<>();
    for (int p = 0; p < 4; p++) {
      for (int i = 0; i < 500; i++) {
        expected.add(p * 100_000L + i);
      }
    }
    assertEquals(2000, rows.size());
    Set<Long> got = new HashSet<>();
    for (List<Object> r : rows) {
      got.add((Long) r.get(0));
      assertEquals("row" + r.get(0), r.get(1));
    }
    assertEquals(expected, got);
    assertEquals(4, source.opened.get());
    assertEquals(4, source.closed.get());
    assertTrue(producerThreads.stream().allMatch(t -> t.startsWith("pool-")), "read on the executor's threads");
  }

  @Test
  void failureInOnePartitionReachesTheConsumer() {
    BatchSourceExec source = source(4, 50, 2, 5);
    BatchStream s = new CoalescePartitionsExec(source, executor).execute(0, context);
    BallistaException e = assertThrows(BallistaException.class, () -> {
      while (true) {
        VectorSchemaRoot b = s.next();
        assertNotNull(b, "stream must fail, not end");
        b.close();
      }
    });
    assertEquals("disk on fire in partition 2", e.getMessage());
    assertEquals(BallistaException.Kind.EXECUTION, e.kind());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    s.close();
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void earlyCloseStopsBlockedProducersWithoutLeaks() throws InterruptedException {
    BatchSourceExec source = source(4, 200, -1, -1);
    BatchStream s = new CoalescePartitionsExec(source, executor).execute(0, context);
    for (int i = 0; i < 3; i++) {
      s.next().close();
    }
    Thread.sleep(50); // let the producers fill the queue and block on it
    s.close();
    s.close();
    assertNull(s.next());
    assertEquals(source.opened.get(), source.closed.get());
    assertTrue(source.produced.get() < 800, "producers stopped early");
    // allocator closed in @AfterEach: any queued or in-flight batch left open fails the test
  }

  @Test
  void cancellationStopsTheStream() {
    BatchSourceExec source = source(4, 200, -1, -1);
    BatchStream s = new CoalescePartitionsExec(source, executor).execute(0, context);
    s.next().close();
    context.cancel();
    BallistaException e = assertThrows(BallistaException.class, () -> {
      while (true) {
        VectorSchemaRoot b = s.next();
        assertNotNull(b);
        b.close();
      }
    });
    assertEquals(BallistaException.Kind.CANCELLED, e.kind());
    s.close();
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void closeBeforeFirstNextOpensNothing() {
    BatchSourceExec source = source(4, 2, -1, -1);
    new CoalescePartitionsExec(source, executor).execute(0, context).close();
    assertEquals(0, source.opened.get());
  }

  @Test
  void singlePartitionIsPassedThrough() {
    BatchSourceExec source = source(1, 3, -1, -1);
    List<List<Object>> rows = TestData.drain(new CoalescePartitionsExec(source, executor).execute(0, context));
    assertEquals(30, rows.size());
    assertEquals(0L, rows.get(0).get(0));
    assertTrue(producerThreads.stream().noneMatch(t -> t.startsWith("pool-")), "read in the caller's thread");
  }
}
