package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CancelJob stops a long-running job: the client gets CANCELLED, executors free their memory and files. */
class CancelJobTest {
  @TempDir
  Path dir;

  @Test
  void cancellingARunningJobStopsItsTasksAndFreesEverything() throws Exception {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i % 100).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    try (LocalCluster cluster = LocalCluster.builder().executors(2).taskSlots(2)
            .config(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(1024)).build();
         SessionContext ctx = cluster.session()) {
      ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
      // a nested-loop join of 20k x 20k rows: runs far longer than the test waits
      CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
        try (QueryResult r = ctx.sql("select count(*) from t a, t b where a.v + b.v < 0").collect()) {
          return r.rowCount();
        }
      });
      LocalSessionContext session = (LocalSessionContext) ctx;
      long deadline = System.currentTimeMillis() + 20_000;
      while (session.lastJobId() == null && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(500); // let tasks start
      String jobId = session.lastJobId();
      long cancelledAt = System.currentTimeMillis();
      try (ClusterClient client = new ClusterClient("127.0.0.1", cluster.schedulerPort())) {
        assertTrue(client.cancel(jobId));
      }
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> query.get(10, TimeUnit.SECONDS));
      assertEquals(BallistaException.Kind.CANCELLED, ((BallistaException) e.getCause()).kind(), e.getCause().getMessage());
      // running tasks stop within a second and give back memory and files
      long end = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < end && cluster.executors().stream()
          .anyMatch(x -> x.allocator().getAllocatedMemory() > 0 || !x.jobDirectories().isEmpty())) {
        Thread.sleep(10);
      }
      long stoppedAfter = System.currentTimeMillis() - cancelledAt;
      for (ExecutorNode x : cluster.executors()) {
        assertEquals(0, x.allocator().getAllocatedMemory(), x.id() + " holds no Arrow memory");
        assertEquals(java.util.List.of(), x.jobDirectories(), x.id() + " has no shuffle files");
      }
      System.out.println("cancelled job stopped and cleaned up after " + stoppedAfter + " ms");
      assertTrue(stoppedAfter < 1_000, "stopped after " + stoppedAfter + " ms");
    }
  }
}
