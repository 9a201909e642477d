package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.TableSource;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.PartitionStats;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.Failure;
import org.ballista.api.proto.rpc.FetchFailure;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.TaskDefinition;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.types.DataType;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.session.MemoryTables;
import org.ballista.runtime.vector.Vectors;
import org.ballista.state.memory.MemoryStateBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's fault handling, driven directly (no executors: the test plays them, so every
 * interleaving is deterministic): executor loss, stage rollback on fetch failures, retry limits,
 * deterministic failures, job and client timeouts, and the retention of finished jobs.
 */
class SchedulerFaultToleranceTest {
  @TempDir
  Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final SessionConfig config = SessionConfig.defaults().withTargetPartitions(4);
  private PlanNode plan;
  private MemoryStateBackend state;

  private static final ExecutorMetadata E1 = executor("e1");
  private static final ExecutorMetadata E2 = executor("e2");

  private static ExecutorMetadata executor(String id) {
    return ExecutorMetadata.newBuilder().setExecutorId(id).setHost("127.0.0.1").setFlightPort(1).setTaskSlots(8).build();
  }

  @BeforeEach
  void plan() throws Exception {
    // select k, count(*) from 4 csv files group by k: a scan stage of 4 tasks, a final-aggregate
    // stage of 4 tasks reading it, and the single-partition final stage
    List<String> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path f = dir.resolve("part-" + i + ".csv");
      Files.writeString(f, "k\n1\n");
      files.add(f.toString());
    }
    Schema schema = new Schema(List.of(Vectors.field("k", DataType.INT64, true)));
    PlanNode scan = new PlanNode.Scan("t", new TableSource.Csv(files, schema, true, ','), new int[] {0}, List.of(), schema);
    Schema out = new Schema(List.of(Vectors.field("k", DataType.INT64, true), Vectors.field("n", DataType.INT64, false)));
    plan = new PlanNode.Aggregate(scan, new int[] {0},
        List.of(new AggregateCall(AggregateCall.AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "n")),
        AggregateMode.SINGLE, out);
    state = new MemoryStateBackend();
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private SchedulerCore scheduler(SchedulerSettings settings) {
    return new SchedulerCore(config, settings, new ExecutionPlanFactory(config, threads, new MemoryTables()), state);
  }

  private static TaskStatus success(TaskDefinition t, String executor) {
    return TaskStatus.newBuilder().setTaskId(t.getTaskId()).setExecutorId(executor).setState(TaskStatus.State.SUCCESS)
        .addShuffleOutputs(PartitionLocation.newBuilder().setJobId(t.getTaskId().getJobId())
            .setStageId(t.getTaskId().getStageId()).setOutputPartitionId(0).setExecutorId(executor)
            .setHost("127.0.0.1").setFlightPort(1)
            .setPath(t.getTaskId().getJobId() + "/" + t.getTaskId().getStageId() + "/0/data-"
                + t.getTaskId().getPartitionId() + "-" + t.getTaskId().getTaskAttempt() + ".arrow")
            .setStats(PartitionStats.newBuilder().setRows(1).setBytes(10)))
        .build();
  }

  private static TaskStatus failed(TaskDefinition t, String executor, Failure failure) {
    return TaskStatus.newBuilder().setTaskId(t.getTaskId()).setExecutorId(executor).setState(TaskStatus.State.FAILED)
        .setFailure(failure).build();
  }

  private static Failure retryable(String message) {
    return Failure.newBuilder().setKind(Failure.Kind.IO).setRetryable(true).setMessage(message).build();
  }

  /** Runs every task handed to {@code executor} to success until the job ends or no task is left. */
  private static void runToEnd(SchedulerCore core, String jobId, ExecutorMetadata executor) {
    List<TaskStatus> statuses = new ArrayList<>();
    for (int round = 0; round < 100 && core.status(jobId).getState() == JobStatus.State.RUNNING; round++) {
      List<TaskDefinition> tasks = core.poll(executor, 8, statuses);
      statuses = new ArrayList<>();
      for (TaskDefinition t : tasks) {
        statuses.add(success(t, executor.getExecutorId()));
      }
      if (tasks.isEmpty() && statuses.isEmpty()) {
        core.poll(executor, 0, List.of());
      }
    }
  }

  private static List<TaskDefinition> stage(List<TaskDefinition> tasks, int stageId) {
    return tasks.stream().filter(t -> t.getTaskId().getStageId() == stageId).toList();
  }

  @Test
  void aLostExecutorsRunningTasksRunElsewhereAndItsOutputsAreRecomputed() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults());
    String jobId = core.submit(plan, "q");
    List<TaskDefinition> onE1 = core.poll(E1, 2, List.of());
    List<TaskDefinition> onE2 = core.poll(E2, 2, List.of());
    assertEquals(2, onE1.size());
    assertEquals(2, onE2.size());
    int scanStage = onE1.get(0).getTaskId().getStageId();
    // e1 finishes both its scan tasks, e2 one of its two; then e1 dies
    core.updateTaskStatus("e1", List.of(success(onE1.get(0), "e1"), success(onE1.get(1), "e1")));
    core.updateTaskStatus("e2", List.of(success(onE2.get(0), "e2")));
    core.executorLost("e1", "killed by the test");
    assertEquals(List.of("e2"), core.executors().stream().map(i -> i.getMetadata().getExecutorId()).toList());
    JobStatus status = core.status(jobId);
    assertEquals(JobStatus.State.RUNNING, status.getState());
    var scan = status.getStagesList().stream().filter(s -> s.getStageId() == scanStage).findFirst().orElseThrow();
    assertEquals(2, scan.getTasks().getPending(), "e1's two finished tasks run again");
    assertEquals(1, scan.getTasks().getCompleted());
    assertEquals(1, scan.getTasks().getRunning());
    // the re-run tasks get new attempt numbers; a late report of e1's old attempt is ignored
    List<TaskDefinition> reruns = core.poll(E2, 2, List.of());
    assertEquals(2, reruns.size());
    for (TaskDefinition t : reruns) {
      assertEquals(scanStage, t.getTaskId().getStageId());
      assertTrue(onE1.stream().anyMatch(o -> o.getTaskId().getPartitionId() == t.getTaskId().getPartitionId()
          && o.getTaskId().getTaskAttempt() != t.getTaskId().getTaskAttempt()), "a new attempt of e1's task");
    }
    core.updateTaskStatus("e1", List.of(success(onE1.get(0), "e1")));
    assertEquals(3, core.status(jobId).getStagesList().stream().filter(s -> s.getStageId() == scanStage)
        .findFirst().orElseThrow().getTasks().getRunning(), "the stale success did not complete a re-run");
    List<TaskStatus> done = new ArrayList<>();
    done.add(success(onE2.get(1), "e2"));
    reruns.forEach(t -> done.add(success(t, "e2")));
    core.updateTaskStatus("e2", done);
    runToEnd(core, jobId, E2);
    status = core.status(jobId);
    assertEquals(JobStatus.State.COMPLETED, status.getState(), status.getFailure().getMessage());
    assertTrue(status.getResultPartitionsList().stream().allMatch(l -> l.getExecutorId().equals("e2")));
  }

  @Test
  void aFetchFailureRollsBackTheLostMapOutputsBeforeTheReaderRunsAgain() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults());
    String jobId = core.submit(plan, "q");
    List<TaskDefinition> scans = core.poll(E1, 4, List.of());
    assertEquals(4, scans.size());
    int scanStage = scans.get(0).getTaskId().getStageId();
    // two scan tasks report from e1, two from e2 (as if e2 had run them)
    List<TaskDefinition> readers = core.poll(E2, 8, List.of(success(scans.get(0), "e1"), success(scans.get(1), "e1"),
        success(scans.get(2), "e2"), success(scans.get(3), "e2")));
    assertEquals(4, readers.size(), "the aggregate stage's tasks");
    int readerStage = readers.get(0).getTaskId().getStageId();
    TaskDefinition reader = readers.get(0);
    Failure fetch = Failure.newBuilder().setKind(Failure.Kind.FETCH_FAILED).setRetryable(true)
        .setMessage("shuffle fetch from e1 failed: UNAVAILABLE")
        .setFetch(FetchFailure.newBuilder().setExecutorId("e1").setMapStageId(scanStage).addMapPartitionIds(0)).build();
    // the reader fails; the scheduler hands out only the lost scan tasks (the reader waits for them)
    List<TaskDefinition> next = core.poll(E2, 8, List.of(failed(reader, "e2", fetch)));
    assertEquals(List.of(scanStage, scanStage), next.stream().map(t -> t.getTaskId().getStageId()).toList());
    List<TaskStatus> statuses = new ArrayList<>();
    next.forEach(t -> statuses.add(success(t, "e2")));
    readers.subList(1, 4).forEach(t -> statuses.add(success(t, "e2")));
    List<TaskDefinition> again = core.poll(E2, 8, statuses);
    assertEquals(1, stage(again, readerStage).size(), "the failed reader runs again once its inputs are back");
    core.updateTaskStatus("e2", again.stream().map(t -> success(t, "e2")).toList());
    runToEnd(core, jobId, E2);
    assertEquals(JobStatus.State.COMPLETED, core.status(jobId).getState());
  }

  @Test
  void retryableFailuresAreRetriedUpToTheLimitThenFailTheJobWithTheLastError() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults().withTaskMaxAttempts(3));
    String jobId = core.submit(plan, "q");
    for (int attempt = 1; attempt <= 3; attempt++) {
      List<TaskDefinition> tasks = core.poll(E1, 1, List.of());
      assertEquals(1, tasks.size(), "attempt " + attempt);
      assertEquals(0, tasks.get(0).getTaskId().getPartitionId(), "the failed task is offered first again");
      core.updateTaskStatus("e1", List.of(failed(tasks.get(0), "e1", retryable("disk error " + attempt))));
      JobStatus status = core.status(jobId);
      if (attempt < 3) {
        assertEquals(JobStatus.State.RUNNING, status.getState());
      } else {
        assertEquals(JobStatus.State.FAILED, status.getState());
        assertTrue(status.getFailure().getMessage().contains("failed 3 times"), status.getFailure().getMessage());
        assertTrue(status.getFailure().getMessage().endsWith("disk error 3"), status.getFailure().getMessage());
      }
    }
  }

  @Test
  void aDeterministicFailureFailsTheJobAtOnceWithTheOriginalMessage() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults());
    String jobId = core.submit(plan, "q");
    TaskDefinition t = core.poll(E1, 1, List.of()).get(0);
    core.updateTaskStatus("e1", List.of(failed(t, "e1", Failure.newBuilder().setKind(Failure.Kind.EXECUTION)
        .setMessage("division by zero").build())));
    JobStatus status = core.status(jobId);
    assertEquals(JobStatus.State.FAILED, status.getState());
    assertEquals("division by zero", status.getFailure().getMessage());
  }

  @Test
  void outputsLostTooOftenFailTheJob() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults().withStageMaxAttempts(2));
    String jobId = core.submit(plan, "q");
    for (int round = 1; round <= 2; round++) {
      List<TaskStatus> statuses = new ArrayList<>();
      core.poll(E1, 8, List.of()).forEach(t -> statuses.add(success(t, "e1")));
      List<TaskDefinition> readers = core.poll(E2, 8, statuses);
      assertEquals(4, readers.size());
      Failure fetch = Failure.newBuilder().setKind(Failure.Kind.FETCH_FAILED).setRetryable(true).setMessage("gone")
          .setFetch(FetchFailure.newBuilder().setExecutorId("e1").setMapStageId(statuses.get(0).getTaskId().getStageId()))
          .build();
      core.updateTaskStatus("e2", readers.stream().map(t -> failed(t, "e2", fetch)).toList());
    }
    JobStatus status = core.status(jobId);
    assertEquals(JobStatus.State.FAILED, status.getState());
    assertTrue(status.getFailure().getMessage().contains("lost its shuffle outputs 2 times"), status.getFailure().getMessage());
  }

  @Test
  void silentExecutorsExpireAndTheirTasksRunElsewhere() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults().withExecutorTimeout(Duration.ofSeconds(5)));
    String jobId = core.submit(plan, "q");
    assertEquals(4, core.poll(E1, 4, List.of()).size());
    long now = System.currentTimeMillis();
    core.checkTimeouts(now + 1_000);
    assertEquals(1, core.executors().size(), "not yet expired");
    core.checkTimeouts(now + 6_000);
    assertEquals(0, core.executors().size());
    List<TaskDefinition> moved = core.poll(E2, 8, List.of());
    assertEquals(4, moved.size(), "e1's running tasks are offered to e2");
    runToEnd(core, jobId, E2);
    assertEquals(JobStatus.State.RUNNING, core.status(jobId).getState(), "the moved tasks are still running on e2");
    List<TaskStatus> statuses = new ArrayList<>();
    moved.forEach(t -> statuses.add(success(t, "e2")));
    core.updateTaskStatus("e2", statuses);
    runToEnd(core, jobId, E2);
    assertEquals(JobStatus.State.COMPLETED, core.status(jobId).getState());
  }

  @Test
  void aJobPastItsTimeLimitFails() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults());
    String jobId = core.submit(plan, "q", Map.of(SchedulerCore.JOB_TIMEOUT_SECONDS, "2"));
    core.poll(E1, 2, List.of());
    core.checkTimeouts(System.currentTimeMillis());
    assertEquals(JobStatus.State.RUNNING, core.status(jobId).getState());
    core.checkTimeouts(System.currentTimeMillis() + 3_000);
    JobStatus status = core.status(jobId);
    assertEquals(JobStatus.State.FAILED, status.getState());
    assertEquals("job exceeded its time limit of 2 s", status.getFailure().getMessage());
    assertEquals(List.of(jobId), core.jobsToRemove("e1"), "its tasks are stopped and files deleted");
  }

  @Test
  void invalidJobSettingsAreRejectedByName() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults());
    BallistaException e = assertThrows(BallistaException.class,
        () -> core.submit(plan, "q", Map.of(SchedulerCore.JOB_TIMEOUT_SECONDS, "soon")));
    assertTrue(e.getMessage().contains("job_timeout_seconds") && e.getMessage().contains("'soon'"), e.getMessage());
    e = assertThrows(BallistaException.class, () -> core.submit(plan, "q", Map.of("colour", "red")));
    assertEquals("unknown job setting 'colour'", e.getMessage());
  }

  @Test
  void aJobWhoseClientIsGoneIsCancelledAndUnfetchedResultsAreDeleted() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults().withClientTimeout(Duration.ofSeconds(10))
        .withExecutorTimeout(Duration.ofHours(1)));
    String abandoned = core.submit(plan, "running");
    String finished = core.submit(plan, "finished");
    long start = System.currentTimeMillis();
    // both jobs' tasks run; only "finished" completes, and nobody fetches its result
    for (int i = 0; i < 20 && core.status(finished).getState() == JobStatus.State.RUNNING; i++) {
      List<TaskStatus> statuses = new ArrayList<>();
      for (TaskDefinition t : core.poll(E1, 8, List.of())) {
        if (t.getTaskId().getJobId().equals(finished)) {
          statuses.add(success(t, "e1"));
        }
      }
      core.updateTaskStatus("e1", statuses);
    }
    assertEquals(JobStatus.State.COMPLETED, core.status(finished).getState());
    core.checkTimeouts(start + 11_000 + 5_000);
    JobStatus status = core.status(abandoned);
    assertEquals(JobStatus.State.CANCELLED, status.getState());
    assertTrue(status.getFailure().getMessage().contains("client gone"), status.getFailure().getMessage());
    assertEquals(List.of(abandoned, finished).stream().sorted().toList(),
        core.jobsToRemove("e1").stream().sorted().toList(), "both jobs' files are deleted");
  }

  @Test
  void finishedJobsAreForgottenAfterTheirRetention() {
    SchedulerCore core = scheduler(SchedulerSettings.defaults().withFinishedJobRetention(Duration.ofSeconds(60))
        .withExecutorTimeout(Duration.ofHours(1)).withClientTimeout(Duration.ofHours(1)));
    String jobId = core.submit(plan, "q");
    runToEnd(core, jobId, E1);
    assertEquals(JobStatus.State.COMPLETED, core.status(jobId).getState());
    core.clean(jobId);
    long now = System.currentTimeMillis();
    core.checkTimeouts(now + 30_000);
    JobStatus kept = core.status(jobId);
    assertEquals(JobStatus.State.COMPLETED, kept.getState(), "within its retention");
    assertTrue(kept.getResultPartitionsCount() > 0, "the compacted status still says where the results are");
    assertEquals(false, core.cancel(jobId), "a finished job cannot be cancelled");
    core.clean(jobId); // cleaning again is harmless
    core.checkTimeouts(now + 61_000); // forgotten in memory and swept from the store in one go
    BallistaException e = assertThrows(BallistaException.class, () -> core.status(jobId));
    assertEquals(BallistaException.Kind.NOT_FOUND, e.kind());
  }
}
