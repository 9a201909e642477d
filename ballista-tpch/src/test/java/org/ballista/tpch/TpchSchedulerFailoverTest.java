package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.runtime.cluster.ClusterClient;
import org.ballista.runtime.session.LocalSessionContext;
import org.ballista.state.etcd.EtcdProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduler processes share a real etcd; two executor processes and the client know both. TPC-H
 * Q18 (SF 0.1) is running when its owning scheduler is killed with SIGKILL: the other scheduler takes
 * the job over from its persisted record once the owner's lease expires, and the client gets the
 * correct answer; the surviving scheduler reports the job completed.
 */
class TpchSchedulerFailoverTest {
  @TempDir
  static Path dir;
  @Test
  void aJobSurvivesTheDeathOfItsScheduler() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.1, 250_000, 2, 32_768).generate(data, allocator);
    }
    try (EtcdProcess etcd = EtcdProcess.start(Files.createDirectories(dir.resolve("etcd")));
         ClusterProcesses processes = new ClusterProcesses("512m")) {
      String[] common = {"--bind-host", "127.0.0.1", "--port", "0", "--target-partitions", "2", "--state-backend", "etcd",
          "--etcd-endpoints", etcd.endpoint(), "--namespace", "failover", "--lease-ttl-seconds", "2"};
      ClusterProcesses.Launched a = processes.launch(ClusterProcesses.SCHEDULER, common);
      int portA = a.awaitPort(ClusterProcesses.SCHEDULER_PORT);
      ClusterProcesses.Launched b = processes.launch(ClusterProcesses.SCHEDULER, common);
      int portB = b.awaitPort(ClusterProcesses.SCHEDULER_PORT);
      String schedulers = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
      for (int i = 1; i <= 2; i++) {
        processes.launch(ClusterProcesses.EXECUTOR, "--bind-host", "127.0.0.1", "--port", "0", "--schedulers",
            schedulers, "--concurrent-tasks", "2", "--executor-id", "failover-executor-" + i,
            "--work-dir", dir.resolve("e" + i).toString()).awaitPort(ClusterProcesses.EXECUTOR_PORT);
      }
      try (SessionContext ctx = SessionContext.remote(schedulers, SessionConfig.defaults().withTargetPartitions(2))) {
        TpchBenchmark.registerTables(ctx, data);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
          try (QueryResult result = ctx.sql(TpchQueries.sql(18)).collect()) {
            List<ResultComparator.Mismatch> mismatches =
                new ResultComparator().compare(ExpectedAnswers.bundled(0.1).answer(18).orElseThrow(), result);
            return mismatches.isEmpty() ? "OK" : mismatches.toString();
          }
        });
        // kill the owner (scheduler A, the client's first address) once the job has finished a stage
        LocalSessionContext session = (LocalSessionContext) ctx;
        try (ClusterClient clientA = new ClusterClient("127.0.0.1", portA)) {
          long deadline = System.currentTimeMillis() + 60_000;
          boolean progressed = false;
          while (!progressed && System.currentTimeMillis() < deadline) {
            String id = session.lastJobId();
            if (id != null) {
              JobStatus status = clientA.status(id);
              assertEquals(JobStatus.State.RUNNING, status.getState(), "the job must still run when A dies");
              progressed = status.getStagesList().stream()
                  .anyMatch(st -> st.getState() == org.ballista.api.proto.rpc.StageStatus.State.SUCCESSFUL);
            }
            Thread.sleep(5);
          }
          assertTrue(progressed, "the job made progress on scheduler A");
        }
        a.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertEquals("OK", answer.get(120, TimeUnit.SECONDS));
        assertTrue(b.output().toString().contains("took over job"), "scheduler B took the job over:\n" + b.output());
        String jobId = ((LocalSessionContext) ctx).lastJobId();
        try (ClusterClient clientB = new ClusterClient("127.0.0.1", portB)) {
          assertEquals(JobStatus.State.COMPLETED, clientB.status(jobId).getState());
        }
      }
    }
  }
}
