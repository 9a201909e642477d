package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.StageStatus;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An executor of a LocalCluster dies mid-query (after the job finished a stage): with pull and
 * with push scheduling the query still returns the right answer, the dead executor is dropped, and
 * the survivors end with no Arrow memory and no shuffle files.
 */
class ExecutorLossTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(SchedulerServer.Policy.class)
  void aQuerySurvivesTheLossOfAnExecutor(SchedulerServer.Policy policy) throws Exception {
    Path orders = dir.resolve("orders.csv");
    Path items = dir.resolve("items.csv");
    StringBuilder o = new StringBuilder("id,customer\n");
    StringBuilder l = new StringBuilder("order_id,qty\n");
    for (int i = 0; i < 50_000; i++) {
      o.append(i).append(',').append(i % 97).append('\n');
      l.append(i).append(',').append(1).append('\n');
      l.append(i).append(',').append(2).append('\n');
    }
    Files.writeString(orders, o.toString());
    Files.writeString(items, l.toString());
    try (LocalCluster cluster = LocalCluster.builder().executors(3).taskSlots(1).schedulingPolicy(policy)
            .config(SessionConfig.defaults().withTargetPartitions(4).withBatchSize(2048))
            .schedulerSettings(SchedulerSettings.defaults().withExecutorTimeout(Duration.ofSeconds(1))).build();
         SessionContext ctx = cluster.session()) {
      ctx.sql("create external table orders (id bigint, customer int) stored as csv location '" + orders + "'");
      ctx.sql("create external table items (order_id bigint, qty bigint) stored as csv location '" + items + "'");
      String sql = "select customer, sum(qty) as q, count(*) as n from orders join items on id = order_id "
          + "group by customer order by customer";
      CompletableFuture<long[]> answer = CompletableFuture.supplyAsync(() -> {
        try (QueryResult r = ctx.sql(sql).collect()) {
          long rows = r.rowCount();
          long qty = 0;
          long n = 0;
          for (var batch : r.batches()) {
            for (int i = 0; i < batch.getRowCount(); i++) {
              qty += ((BigIntVector) batch.getVector(1)).get(i);
              n += ((BigIntVector) batch.getVector(2)).get(i);
            }
          }
          return new long[] {rows, qty, n};
        }
      });
      LocalSessionContext session = (LocalSessionContext) ctx;
      boolean progressed = false;
      long deadline = System.currentTimeMillis() + 30_000;
      while (!progressed && !answer.isDone() && System.currentTimeMillis() < deadline) {
        String jobId = session.lastJobId();
        if (jobId != null) {
          JobStatus status = cluster.scheduler().status(jobId);
          progressed = status.getState() == JobStatus.State.RUNNING
              && status.getStagesList().stream().anyMatch(s -> s.getState() == StageStatus.State.SUCCESSFUL);
        }
        Thread.sleep(1);
      }
      assertTrue(progressed, "the job was caught after finishing a stage");
      String killed = cluster.killExecutor(0);
      long[] result = answer.get(60, TimeUnit.SECONDS);
      assertEquals(97, result[0]);
      assertEquals(150_000, result[1], "sum of qty");
      assertEquals(100_000, result[2], "joined rows");
      assertEquals(JobStatus.State.COMPLETED, cluster.scheduler().status(session.lastJobId()).getState());
      long end = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < end && cluster.scheduler().executors().stream()
          .anyMatch(e -> e.getMetadata().getExecutorId().equals(killed))) {
        Thread.sleep(20);
      }
      assertTrue(cluster.scheduler().executors().stream().noneMatch(e -> e.getMetadata().getExecutorId().equals(killed)),
          killed + " was dropped");
      end = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < end && cluster.executors().stream()
          .anyMatch(x -> x.allocator().getAllocatedMemory() > 0 || !x.jobDirectories().isEmpty())) {
        Thread.sleep(10);
      }
      for (ExecutorNode x : cluster.executors()) {
        assertEquals(0, x.allocator().getAllocatedMemory(), x.id() + " holds no Arrow memory");
        assertEquals(java.util.List.of(), x.jobDirectories(), x.id() + " has no shuffle files");
      }
    }
  }
}
