package org.ballista.runtime.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepartitionExecTest extends AllocatorTest {
  private static final Schema SCHEMA = TestData.schema("k", DataType.INT64, "s", DataType.UTF8);
  private ExecutorService producers;
  private ExecutorService consumers;

  @BeforeEach
  void startExecutors() {
    producers = Executors.newFixedThreadPool(4);
    consumers = Executors.newFixedThreadPool(3);
  }

  @AfterEach
  void stopExecutors() throws InterruptedException {
    producers.shutdown();
    consumers.shutdown();
    assertTrue(producers.awaitTermination(5, TimeUnit.SECONDS), "producer threads ended");
    assertTrue(consumers.awaitTermination(5, TimeUnit.SECONDS), "consumer threads ended");
  }

  /** {@code partitions} inputs of {@code batches} batches of 20 random rows (some NULL keys). */
  private static BatchSourceExec source(int partitions, int batches, long seed, int failingPartition, int failingBatch) {
    Random random = new Random(seed);
    List<List<Function<BufferAllocator, VectorSchemaRoot>>> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      List<Function<BufferAllocator, VectorSchemaRoot>> list = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        Object[] keys = new Object[20];
        Object[] strings = new Object[20];
        for (int i = 0; i < 20; i++) {
          keys[i] = random.nextInt(50) == 0 ? null : (long) random.nextInt(200);
          strings[i] = "p" + p + "b" + b + "r" + i;
        }
        boolean fail = p == failingPartition && b == failingBatch;
        list.add(a -> {
          if (fail) {
            throw new IllegalStateException("input partition " + failingPartition + " broke");
          }
          return TestData.batch(a, SCHEMA, keys, strings);
        });
      }
      parts.add(list);
    }
    return new BatchSourceExec(SCHEMA, parts);
  }

  private static List<List<Object>> allRows(BatchSourceExec source, BufferAllocator allocator) {
    List<List<Object>> rows = new ArrayList<>();
    for (int p = 0; p < source.outputPartitioning().partitionCount(); p++) {
      rows.addAll(TestData.drain(source.execute(p, new org.ballista.api.exec.TaskContext(allocator,
          new org.ballista.api.exec.SessionConfig(1, 1024)))));
    }
    return rows;
  }

  private static Map<List<Object>, Integer> multiset(List<List<Object>> rows) {
    Map<List<Object>, Integer> m = new HashMap<>();
    rows.forEach(r -> m.merge(r, 1, Integer::sum));
    return m;
  }

  private static int expectedPartition(Object key, int partitions) {
    long h = key == null ? ShuffleHash.NULL_HASH : ShuffleHash.hashLong((Long) key);
    return HashPartitioner.partitionOfHash(h, partitions);
  }

  /** Consumes every output partition on its own thread (with an optional per-batch delay). */
  private List<Future<List<List<Object>>>> consumeAll(RepartitionExec exec, int slowPartition) {
    List<Future<List<List<Object>>>> futures = new ArrayList<>();
    for (int p = 0; p < exec.outputPartitioning().partitionCount(); p++) {
      BatchStream stream = exec.execute(p, context);
      boolean slow = p == slowPartition;
      futures.add(consumers.submit(() -> {
        List<List<Object>> rows = new ArrayList<>();
        try (stream) {
          while (true) {
            VectorSchemaRoot b = stream.next();
            if (b == null) {
              break;
            }
            try (b) {
              rows.addAll(TestData.rows(b));
            }
            if (slow) {
              Thread.sleep(1);
            }
          }
        }
        return rows;
      }));
    }
    return futures;
  }

  @Test
  void everyRowArrivesOnceInItsHashPartition() throws Exception {
    BatchSourceExec source = source(4, 25, 11, -1, -1);
    List<List<Object>> input = allRows(source, allocator);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 3, producers);
    Partitioning.Hash hash = assertInstanceOf(Partitioning.Hash.class, exec.outputPartitioning());
    assertEquals(3, hash.partitionCount());
    assertEquals(List.of(new Expr.Column(0, DataType.INT64)), hash.keys());

    List<Future<List<List<Object>>>> futures = consumeAll(exec, -1);
    List<List<Object>> all = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      List<List<Object>> rows = futures.get(p).get(5, TimeUnit.SECONDS);
      for (List<Object> r : rows) {
        assertEquals(p, expectedPartition(r.get(0), 3), "row " + r + " in partition " + p);
      }
      assertTrue(rows.size() > 0);
      all.addAll(rows);
    }
    assertEquals(2000, all.size());
    assertEquals(multiset(input), multiset(all));
    assertEquals(8, source.opened.get()); // 4 by allRows, 4 by the producers
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void slowConsumerWithTinyQueuesStillGetsEverything() throws Exception {
    BatchSourceExec source = source(4, 15, 12, -1, -1);
    Map<List<Object>, Integer> expected = multiset(allRows(source, allocator));
    RepartitionExec exec = new RepartitionExec(source, new int[] {0, 1}, 3, producers, 1);
    List<List<Object>> all = new ArrayList<>();
    for (Future<List<List<Object>>> f : consumeAll(exec, 1)) {
      all.addAll(f.get(10, TimeUnit.SECONDS));
    }
    assertEquals(expected, multiset(all));
  }

  @Test
  void aFailingInputFailsEveryOutput() throws Exception {
    BatchSourceExec source = source(4, 40, 13, 2, 5);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 3, producers, 1);
    for (Future<List<List<Object>>> f : consumeAll(exec, -1)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      BallistaException b = assertInstanceOf(BallistaException.class, e.getCause());
      assertEquals("input partition 2 broke", b.getMessage());
      assertEquals(BallistaException.Kind.EXECUTION, b.kind());
    }
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void earlyCloseOfAllOutputsStopsProducersAndFreesEverything() {
    BatchSourceExec source = source(4, 500, 14, -1, -1);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 3, producers);
    List<BatchStream> streams = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      streams.add(exec.execute(p, context));
    }
    for (BatchStream s : streams) {
      s.next().close();
    }
    streams.get(0).close();
    assertNull(streams.get(0).next());
    streams.get(1).close();
    streams.get(2).close(); // last close waits for the producers
    assertTrue(source.opened.get() <= 4); // a producer not yet started when the run stops never opens
    assertEquals(source.opened.get(), source.closed.get());
    assertTrue(source.produced.get() < 2000, "stopped early: " + source.produced.get());
    // the allocator is closed after the test: a batch left in a queue would fail it
  }

  @Test
  void closeReleasesProducersBlockedOnAnOutputNobodyReads() throws Exception {
    BatchSourceExec source = source(4, 300, 15, -1, -1);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 3, producers, 1);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int p = 0; p < 2; p++) { // output 2 is never executed
      BatchStream stream = exec.execute(p, context);
      readers.add(consumers.submit(() -> {
        int n = 0;
        try (stream) {
          VectorSchemaRoot b;
          while ((b = stream.next()) != null) {
            b.close();
            n++;
          }
        }
        return n;
      }));
    }
    Thread.sleep(100);
    for (Future<Integer> r : readers) {
      assertTrue(!r.isDone(), "stuck behind the unread output");
    }
    exec.close();
    for (Future<Integer> r : readers) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(5, TimeUnit.SECONDS));
      assertEquals(BallistaException.Kind.CANCELLED, ((BallistaException) e.getCause()).kind());
    }
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void cancellingTheContextFailsTheOutputs() throws Exception {
    BatchSourceExec source = source(4, 300, 16, -1, -1);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 3, producers, 1);
    List<Future<List<List<Object>>>> futures = consumeAll(exec, 0);
    Thread.sleep(30);
    context.cancel();
    for (Future<List<List<Object>>> f : futures) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertEquals(BallistaException.Kind.CANCELLED, ((BallistaException) e.getCause()).kind());
    }
    assertEquals(source.opened.get(), source.closed.get());
  }

  @Test
  void aPartitionRunsOncePerRunAndAFinishedRunCanBeRepeated() throws Exception {
    BatchSourceExec source = source(2, 3, 17, -1, -1);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 2, producers);
    BatchStream first = exec.execute(0, context);
    BallistaException e = assertThrows(BallistaException.class, () -> exec.execute(0, context));
    assertEquals(BallistaException.Kind.INTERNAL, e.kind());
    first.close();
    exec.execute(1, context).close(); // the run ends without ever starting its producers
    assertEquals(0, source.opened.get());
    int total = 0;
    for (Future<List<List<Object>>> f : consumeAll(exec, -1)) {
      total += f.get(5, TimeUnit.SECONDS).size();
    }
    assertEquals(120, total);
    total = 0;
    for (Future<List<List<Object>>> f : consumeAll(exec, -1)) {
      total += f.get(5, TimeUnit.SECONDS).size();
    }
    assertEquals(120, total, "a second run reads the input again");
    assertEquals(4, source.opened.get());
  }

  @Test
  void batchesMoveToEachConsumersAllocator() throws Exception {
    BatchSourceExec source = source(2, 5, 18, -1, -1);
    RepartitionExec exec = new RepartitionExec(source, new int[] {0}, 2, producers);
    try (BufferAllocator a0 = allocator.newChildAllocator("consumer0", 0, Long.MAX_VALUE);
        BufferAllocator a1 = allocator.newChildAllocator("consumer1", 0, Long.MAX_VALUE)) {
      BatchStream s0 = exec.execute(0, new org.ballista.api.exec.TaskContext(a0, context.config()));
      BatchStream s1 = exec.execute(1, new org.ballista.api.exec.TaskContext(a1, context.config()));
      Future<Long> f0 = consumers.submit(() -> holdAll(s0, a0));
      Future<Long> f1 = consumers.submit(() -> holdAll(s1, a1));
      assertEquals(200, f0.get(5, TimeUnit.SECONDS) + f1.get(5, TimeUnit.SECONDS));
    }
  }

  /** Reads everything, checking each batch is accounted to {@code own}, and returns the row count. */
  private static long holdAll(BatchStream stream, BufferAllocator own) {
    long rows = 0;
    try (stream) {
      while (true) {
        VectorSchemaRoot b = stream.next();
        if (b == null) {
          break;
        }
        try (b) {
          if (b.getVector(0).getAllocator() != own) {
            fail("batch not owned by the consumer's allocator");
          }
          rows += b.getRowCount();
        }
      }
    }
    return rows;
  }
}
