package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.format.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push scheduling: the scheduler launches tasks on executors (LaunchTask), which report with UpdateTaskStatus. */
class PushSchedulingTest {
  @TempDir
  Path dir;

  @Test
  void queriesRunWhenTheSchedulerPushesTasks() throws IOException {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 500; i++) {
      sb.append(i % 5).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    try (LocalCluster cluster = LocalCluster.builder().executors(2).taskSlots(2).forceRemoteRead(true)
            .schedulingPolicy(SchedulerServer.Policy.PUSH)
            .config(SessionConfig.defaults().withTargetPartitions(3).withBatchSize(64)).build();
         SessionContext ctx = cluster.session()) {
      ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
      try (QueryResult r = ctx.sql("select k, count(*) as n, sum(v) as s from t group by k order by k").collect()) {
        StringBuilder out = new StringBuilder();
        OutputFormat.CSV.write(r, out, -1);
        assertEquals("k,n,s\n0,100,24750\n1,100,24850\n2,100,24950\n3,100,25050\n4,100,25150\n", out.toString());
      }
      BallistaException e = org.junit.jupiter.api.Assertions.assertThrows(BallistaException.class,
          () -> ctx.sql("select v / (k - k) from t").collect().close());
      assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
      assertTrue(cluster.executors().stream().allMatch(x -> x.completedTasks() > 0), "both executors got tasks");
    }
  }
}
