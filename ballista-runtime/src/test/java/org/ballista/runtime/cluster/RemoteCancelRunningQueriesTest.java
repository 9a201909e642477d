package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote session's running query is cancelled on the cluster by {@link
 * SessionContext#cancelRunningQueries()} or by interrupting the collecting thread: the scheduler
 * reports the job CANCELLED, collect throws CANCELLED, executors give back memory and files.
 */
class RemoteCancelRunningQueriesTest {
  @TempDir
  static Path dir;
  static LocalCluster cluster;
  static SessionContext ctx;

  @BeforeAll
  static void setUp() throws Exception {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i % 100).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    cluster = LocalCluster.builder().executors(2).taskSlots(2)
        .config(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(1024)).build();
    ctx = cluster.session();
    ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
  }

  @AfterAll
  static void tearDown() {
    if (ctx != null) {
      ctx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Starts a nested-loop join of 20k x 20k rows (far longer than the test waits) and waits until its job runs. */
  private static CompletableFuture<Long> startLongQuery(AtomicReference<Thread> thread) throws Exception {
    LocalSessionContext session = (LocalSessionContext) ctx;
    String before = session.lastJobId();
    DataFrame frame = ctx.sql("select count(*) from t a, t b where a.v + b.v < 0");
    CompletableFuture<Long> query = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (QueryResult r = frame.collect()) {
        query.complete(r.rowCount());
      } catch (Throwable e) {
        query.completeExceptionally(e);
      }
    }, "remote-long-query");
    thread.set(t);
    t.start();
    long deadline = System.currentTimeMillis() + 20_000;
    while (java.util.Objects.equals(session.lastJobId(), before) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(500); // let tasks start
    return query;
  }

  private static void assertCancelledAndCleanedUp(CompletableFuture<Long> query, String jobId, long cancelledAt)
      throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> query.get(10, TimeUnit.SECONDS));
    BallistaException b = (BallistaException) e.getCause();
    assertEquals(BallistaException.Kind.CANCELLED, b.kind(), b.getMessage());
    assertEquals(JobStatus.State.CANCELLED, ((LocalSessionContext) ctx).jobStatus(jobId).getState());
    long end = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < end && cluster.executors().stream()
        .anyMatch(x -> x.allocator().getAllocatedMemory() > 0 || !x.jobDirectories().isEmpty())) {
      Thread.sleep(10);
    }
    long stoppedAfter = System.currentTimeMillis() - cancelledAt;
    for (ExecutorNode x : cluster.executors()) {
      assertEquals(0, x.allocator().getAllocatedMemory(), x.id() + " holds no Arrow memory");
      assertEquals(List.of(), x.jobDirectories(), x.id() + " has no shuffle files");
    }
    assertTrue(stoppedAfter < 5_000, "stopped after " + stoppedAfter + " ms");
    assertEquals(0, ctx.allocator().getAllocatedMemory(), "the session holds no result memory");
    assertEquals(0, ctx.cancelRunningQueries(), "nothing runs any more");
  }

  @Test
  void cancelRunningQueriesCancelsTheJobOnTheCluster() throws Exception {
    CompletableFuture<Long> query = startLongQuery(new AtomicReference<>());
    String jobId = ((LocalSessionContext) ctx).lastJobId();
    long cancelledAt = System.currentTimeMillis();
    assertEquals(1, ctx.cancelRunningQueries());
    assertCancelledAndCleanedUp(query, jobId, cancelledAt);
  }

  @Test
  void aJobPastItsSessionsTimeoutFailsAndIsCleanedUp() throws Exception {
    try (SessionContext timed = org.ballista.runtime.EngineModules.remoteSession(
        cluster.sessionConfig().withJobTimeout(java.time.Duration.ofSeconds(1)), cluster.schedulerAddress())) {
      timed.sql("create external table t (k int, v bigint) stored as csv location '" + dir.resolve("t.csv") + "'");
      long start = System.currentTimeMillis();
      BallistaException e = assertThrows(BallistaException.class,
          () -> timed.sql("select count(*) from t a, t b where a.v + b.v < 0").collect().close());
      long failedAfter = System.currentTimeMillis() - start;
      assertTrue(e.getMessage().contains("exceeded its time limit of 1 s"), e.getMessage());
      assertTrue(failedAfter < 5_000, "failed after " + failedAfter + " ms");
      long end = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < end && cluster.executors().stream()
          .anyMatch(x -> x.allocator().getAllocatedMemory() > 0 || !x.jobDirectories().isEmpty())) {
        Thread.sleep(10);
      }
      for (ExecutorNode x : cluster.executors()) {
        assertEquals(0, x.allocator().getAllocatedMemory(), x.id() + " holds no Arrow memory");
        assertEquals(List.of(), x.jobDirectories(), x.id() + " has no shuffle files");
      }
    }
  }

  @Test
  void interruptingTheCollectingThreadCancelsTheJob() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<Long> query = startLongQuery(thread);
    String jobId = ((LocalSessionContext) ctx).lastJobId();
    long cancelledAt = System.currentTimeMillis();
    thread.get().interrupt();
    assertCancelledAndCleanedUp(query, jobId, cancelledAt);
  }

  @Test
  void theClientCancelsItsJobWhenItsThreadIsInterrupted() throws Exception {
    // ClusterClient used directly (no session): the interrupted waiter cancels the job before it throws
    LocalSessionContext session = (LocalSessionContext) ctx;
    org.ballista.api.plan.PlanNode plan = session.plan("select count(*) from t a, t b where a.v + b.v < 0");
    try (ClusterClient client = new ClusterClient("127.0.0.1", cluster.schedulerPort());
         org.apache.arrow.memory.BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator()) {
      CompletableFuture<Long> query = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try (QueryResult r = client.run(plan, allocator, ctx.config())) {
          query.complete(r.rowCount());
        } catch (Throwable e) {
          query.completeExceptionally(e);
        }
      });
      t.start();
      long deadline = System.currentTimeMillis() + 20_000;
      while (client.lastJobId() == null && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(300);
      String jobId = client.lastJobId();
      long cancelledAt = System.currentTimeMillis();
      t.interrupt();
      assertCancelledAndCleanedUp(query, jobId, cancelledAt);
    }
  }
}
