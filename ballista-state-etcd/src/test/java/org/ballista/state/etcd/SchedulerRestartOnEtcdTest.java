package org.ballista.state.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.ExecutorInfo;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.runtime.cluster.LocalCluster;
import org.ballista.runtime.cluster.SchedulerCore;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.session.LocalSessionContext;
import org.ballista.runtime.session.MemoryTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler on etcd restarts: registered executors and finished jobs' statuses are still there. */
class SchedulerRestartOnEtcdTest {
  @TempDir
  Path dir;

  @Test
  void executorsAndFinishedJobsSurviveARestart() throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "k,v\n1,10\n2,20\n1,30\n");
    SessionConfig config = SessionConfig.defaults().withTargetPartitions(2);
    try (EtcdProcess etcd = EtcdProcess.start(Files.createDirectories(dir.resolve("etcd")))) {
      String jobId;
      try (EtcdStateBackend state = new EtcdStateBackend(List.of(etcd.endpoint()), "restart-test");
           LocalCluster cluster = LocalCluster.builder().executors(2).config(config).stateBackend(state).build()) {
        try (SessionContext ctx = cluster.session()) {
          ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
          try (QueryResult r = ctx.sql("select k, sum(v) from t group by k").collect()) {
            assertEquals(2, r.rowCount());
          }
          jobId = ((LocalSessionContext) ctx).lastJobId();
        }
      }
      // a new scheduler on the same etcd namespace
      try (EtcdStateBackend state = new EtcdStateBackend(List.of(etcd.endpoint()), "restart-test")) {
        SchedulerCore restarted = new SchedulerCore(config,
            new ExecutionPlanFactory(config, Executors.newCachedThreadPool(), new MemoryTables()), state);
        JobStatus status = restarted.status(jobId);
        assertEquals(JobStatus.State.COMPLETED, status.getState());
        assertTrue(status.getStagesCount() >= 2 && status.getBytesShuffled() > 0, status.toString());
        List<String> executors = restarted.executors().stream().map(e -> e.getMetadata().getExecutorId()).sorted().toList();
        assertEquals(List.of("executor-1", "executor-2"), executors);
        assertTrue(restarted.executors().stream().allMatch(ExecutorInfo::hasMetadata));
      }
    }
  }

  @Test
  void anEtcdOutageMidRunLosesNoJob() throws Exception {
    Path csv = dir.resolve("u.csv");
    Files.writeString(csv, "k,v\n1,10\n2,20\n1,30\n");
    SessionConfig config = SessionConfig.defaults().withTargetPartitions(2);
    try (EtcdProcess etcd = EtcdProcess.start(Files.createDirectories(dir.resolve("etcd2")))) {
      String jobId;
      try (EtcdStateBackend state = new EtcdStateBackend(List.of(etcd.endpoint()), "outage-test");
           LocalCluster cluster = LocalCluster.builder().executors(2).config(config).stateBackend(state).build();
           SessionContext ctx = cluster.session()) {
        ctx.sql("create external table u (k int, v bigint) stored as csv location '" + csv + "'");
        etcd.stop();
        // the query still runs; the scheduler reports that it cannot write its state
        try (QueryResult r = ctx.sql("select k, sum(v) from u group by k").collect()) {
          assertEquals(2, r.rowCount());
        }
        jobId = ((LocalSessionContext) ctx).lastJobId();
        String error = cluster.scheduler().stateError();
        assertTrue(error != null && error.contains(etcd.endpoint()), String.valueOf(error));
        etcd.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (cluster.scheduler().stateError() != null && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(null, cluster.scheduler().stateError(), "writes retried once etcd is back");
      }
      try (EtcdStateBackend state = new EtcdStateBackend(List.of(etcd.endpoint()), "outage-test")) {
        SchedulerCore restarted = new SchedulerCore(config,
            new ExecutionPlanFactory(config, Executors.newCachedThreadPool(), new MemoryTables()), state);
        assertEquals(JobStatus.State.COMPLETED, restarted.status(jobId).getState(), "the job was not lost");
      }
    }
  }
}
