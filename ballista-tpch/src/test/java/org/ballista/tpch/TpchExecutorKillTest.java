package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.StageStatus;
import org.ballista.runtime.cluster.ClusterClient;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Executor loss on a cluster of OS processes (one scheduler, three executors): in the middle of
 * TPC-H Q3, Q9 and Q18 at scale 0.1, once the job has finished a stage, one executor process is
 * killed with SIGKILL. The scheduler notices (fetch failures, then the executor timeout), re-runs
 * the tasks that were running there and recomputes the shuffle outputs it held, and the query
 * returns the correct answer. A replacement executor joins after each query.
 */
class TpchExecutorKillTest {
  @org.junit.jupiter.api.io.TempDir
  static Path dir;
  static ClusterProcesses cluster;
  static ClusterProcesses.Launched scheduler;
  static int schedulerPort;
  static final List<ClusterProcesses.Launched> executors = new ArrayList<>();
  static final List<String> executorIds = new ArrayList<>();
  static int nextExecutor = 1;
  static SessionContext ctx;
  static Path data;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createDirectories(dir.resolve("data"));
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.1, 250_000, 2, 32_768).generate(data, allocator);
    }
    cluster = new ClusterProcesses("512m");
    scheduler = cluster.launch(ClusterProcesses.SCHEDULER, "--bind-host", "127.0.0.1", "--port", "0",
        "--target-partitions", "4", "--executor-timeout-seconds", "2");
    schedulerPort = scheduler.awaitPort(ClusterProcesses.SCHEDULER_PORT);
    for (int i = 0; i < 3; i++) {
      startExecutor();
    }
    ctx = SessionContext.remote("127.0.0.1:" + schedulerPort, SessionConfig.defaults().withTargetPartitions(4));
    TpchBenchmark.registerTables(ctx, data);
  }

  static void startExecutor() throws Exception {
    String id = "kill-executor-" + nextExecutor++;
    ClusterProcesses.Launched e = cluster.launch(ClusterProcesses.EXECUTOR, "--bind-host", "127.0.0.1", "--port", "0",
        "--scheduler-host", "127.0.0.1", "--scheduler-port", Integer.toString(schedulerPort), "--concurrent-tasks", "2",
        "--executor-id", id, "--work-dir", dir.resolve(id).toString());
    e.awaitPort(ClusterProcesses.EXECUTOR_PORT);
    executors.add(e);
    executorIds.add(id);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (ctx != null) {
        ctx.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private static String check(int query) {
    try (QueryResult result = ctx.sql(TpchQueries.sql(query)).collect()) {
      List<ResultComparator.Mismatch> mismatches =
          new ResultComparator().compare(ExpectedAnswers.bundled(0.1).answer(query).orElseThrow(), result);
      return mismatches.isEmpty() ? "OK" : mismatches.toString();
    }
  }

  @ParameterizedTest(name = "Q{0}")
  @ValueSource(ints = {3, 9, 18})
  void aQueryCompletesCorrectlyWhenAnExecutorIsKilledMidway(int query) throws Exception {
    LocalSessionContext session = (LocalSessionContext) ctx;
    assertEquals("OK", check(query), "Q" + query + " without failures (cold)");
    long start = System.currentTimeMillis();
    assertEquals("OK", check(query), "Q" + query + " without failures");
    long baseline = System.currentTimeMillis() - start; // warm
    String previousJob = session.lastJobId();

    start = System.currentTimeMillis();
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> check(query));
    // wait until the job has finished a stage (so shuffle outputs exist on the executors) and still runs
    String jobId = null;
    boolean progressed = false;
    try (ClusterClient client = new ClusterClient("127.0.0.1", schedulerPort)) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!progressed && System.currentTimeMillis() < deadline && !answer.isDone()) {
        jobId = session.lastJobId();
        if (jobId != null && !jobId.equals(previousJob)) {
          JobStatus status = client.status(jobId);
          progressed = status.getState() == JobStatus.State.RUNNING && status.getStagesList().stream()
              .anyMatch(st -> st.getState() == StageStatus.State.SUCCESSFUL);
        }
        if (!progressed) {
          Thread.sleep(2);
        }
      }
    }
    assertTrue(progressed, "Q" + query + " was caught running after a finished stage");
    ClusterProcesses.Launched victim = executors.remove(0);
    String victimId = executorIds.remove(0);
    long killedAt = System.currentTimeMillis();
    victim.process().destroyForcibly(); // SIGKILL
    assertTrue(victim.process().waitFor(10, TimeUnit.SECONDS));

    assertEquals("OK", answer.get(120, TimeUnit.SECONDS), "Q" + query + " with " + victimId + " killed");
    long finished = System.currentTimeMillis();
    try (ClusterClient client = new ClusterClient("127.0.0.1", schedulerPort)) {
      assertEquals(JobStatus.State.COMPLETED, client.status(jobId).getState());
      assertNotEquals(previousJob, jobId);
    }
    assertTrue(scheduler.awaitOutput("executor " + victimId + " lost", 10_000),
        "the scheduler declared " + victimId + " lost:\n" + scheduler.output());
    System.out.printf("Q%d: %d ms without failure; with %s killed %d ms into the run: %d ms (finished %d ms after "
        + "the kill)%n", query, baseline, victimId, killedAt - start, finished - start, finished - killedAt);
    startExecutor();
  }
}
