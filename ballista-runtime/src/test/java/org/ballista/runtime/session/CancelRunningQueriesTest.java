package org.ballista.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a local session's running query, from another thread or by interrupting the thread
 * that collects it: collect throws CANCELLED soon after, and the query's memory is given back.
 */
class CancelRunningQueriesTest {
  /** A nested-loop join of 20k x 20k rows that matches nothing: runs far longer than the tests wait. */
  private static final String LONG_QUERY = "select count(*) from a, b where a.v + b.v < 0";

  private static SessionContext session() {
    SessionContext ctx = SessionContext.local(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(1024));
    Schema schema = new Schema(List.of(Vectors.field("v", DataType.INT64, false)));
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (int start = 0; start < 20_000; start += 1024) {
        int rows = Math.min(1024, 20_000 - start);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        BigIntVector v = (BigIntVector) batch.getVector(0);
        v.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
          v.set(i, start + i);
        }
        batch.setRowCount(rows);
        batches.add(batch);
      }
      ctx.registerBatches("a", schema, batches);
      ctx.registerBatches("b", schema, batches);
      batches.forEach(VectorSchemaRoot::close);
    }
    return ctx;
  }

  /** Runs the long query on a new thread; the future fails with what collect threw, at the time it threw. */
  private static CompletableFuture<Long> startLongQuery(SessionContext ctx, AtomicLong failedAt,
      AtomicReference<Thread> thread) {
    CompletableFuture<Long> query = new CompletableFuture<>();
    DataFrame frame = ctx.sql(LONG_QUERY); // planned here: the first planning may take seconds
    Thread t = new Thread(() -> {
      try (QueryResult r = frame.collect()) {
        query.complete(r.rowCount());
      } catch (Throwable e) {
        failedAt.set(System.nanoTime());
        query.completeExceptionally(e);
      }
    }, "long-query");
    thread.set(t);
    t.start();
    return query;
  }

  private static BallistaException failure(CompletableFuture<Long> query) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> query.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof BallistaException, String.valueOf(e.getCause()));
    return (BallistaException) e.getCause();
  }

  @Test
  void cancelRunningQueriesStopsTheQueryWithinASecondAndFreesItsMemory() throws Exception {
    SessionContext ctx = session();
    long tables = ctx.allocator().getAllocatedMemory();
    assertEquals(0, ctx.cancelRunningQueries(), "nothing runs yet");
    AtomicLong failedAt = new AtomicLong();
    CompletableFuture<Long> query = startLongQuery(ctx, failedAt, new AtomicReference<>());
    Thread.sleep(300);
    long cancelledAt = System.nanoTime();
    assertEquals(1, ctx.cancelRunningQueries());
    BallistaException e = failure(query);
    assertEquals(BallistaException.Kind.CANCELLED, e.kind(), e.getMessage());
    long stopMillis = (failedAt.get() - cancelledAt) / 1_000_000;
    System.out.println("cancelled query stopped after " + stopMillis + " ms");
    assertTrue(stopMillis < 1_000, "collect threw " + stopMillis + " ms after the cancel");
    // the query's allocator is closed and only the tables' memory is left
    assertEquals(List.of(), List.copyOf(ctx.allocator().getChildAllocators()));
    assertEquals(tables, ctx.allocator().getAllocatedMemory());
    assertEquals(0, ctx.cancelRunningQueries(), "nothing runs any more");
    // the session still works
    try (QueryResult r = ctx.sql("select count(*) as n from a where v < 10").collect()) {
      assertEquals(10L, ((BigIntVector) r.batches().get(0).getVector(0)).get(0));
    }
    ctx.close(); // fails if memory leaked
  }

  @Test
  void interruptingTheCollectingThreadCancelsItsQuery() throws Exception {
    SessionContext ctx = session();
    long tables = ctx.allocator().getAllocatedMemory();
    AtomicLong failedAt = new AtomicLong();
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<Long> query = startLongQuery(ctx, failedAt, thread);
    Thread.sleep(300);
    long interruptedAt = System.nanoTime();
    thread.get().interrupt();
    BallistaException e = failure(query);
    assertEquals(BallistaException.Kind.CANCELLED, e.kind(), e.getMessage());
    long stopMillis = (failedAt.get() - interruptedAt) / 1_000_000;
    assertTrue(stopMillis < 1_000, "collect threw " + stopMillis + " ms after the interrupt");
    assertEquals(List.of(), List.copyOf(ctx.allocator().getChildAllocators()));
    assertEquals(tables, ctx.allocator().getAllocatedMemory());
    assertEquals(0, ctx.cancelRunningQueries(), "the interrupted query no longer runs");
    ctx.close();
  }
}
