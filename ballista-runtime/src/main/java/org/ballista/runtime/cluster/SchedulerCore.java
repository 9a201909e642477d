package org.ballista.runtime.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.rpc.ExecutorInfo;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.TaskDefinition;
import org.ballista.api.proto.rpc.TaskId;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.serde.PlanSerde;
import org.ballista.api.serde.SchemaSerde;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.planner.distributed.DistributedPlanner;
import org.ballista.planner.distributed.Stage;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.exec.StageInputs;
import org.ballista.runtime.shuffle.LocalFileFetcher;

/**
 * The scheduler's state and decisions, independent of gRPC: jobs and their execution graphs,
 * registered executors, and pull scheduling (an executor asking for work gets pending tasks of
 * runnable stages, taken round-robin over the running jobs so none starves). Thread-safe: one lock
 * guards it; each call is short (no I/O under the lock).
 */
public final class SchedulerCore {
  private final SessionConfig config;
  private final SchedulerSettings settings;
  private final ExecutionPlanFactory factory;
  private final Map<String, ExecutionGraph> jobs = new LinkedHashMap<>();
  /**
   * Finished jobs whose data is cleaned and whose status is stored, kept as their final status only
   * (the graph, plans and locations are released) until the retention ends.
   */
  private final Map<String, JobStatus> finishedJobs = new LinkedHashMap<>();
  private final Map<String, ExecutorInfo> executors = new LinkedHashMap<>();
  private final Map<String, byte[]> stagePlans = new HashMap<>();
  /** Tasks launched on each executor and not reported finished (push scheduling). */
  private final Map<String, Integer> running = new HashMap<>();
  private int nextJob = 0;
  /** Jobs to clean, with the executors that have not been told yet. */
  private final Map<String, java.util.Set<String>> toClean = new LinkedHashMap<>();

  private final org.ballista.api.state.StateBackend state;

  /** A scheduler keeping its durable state in memory (lost when the process ends). */
  public SchedulerCore(SessionConfig config, ExecutionPlanFactory factory) {
    this(config, factory, new org.ballista.state.memory.MemoryStateBackend());
  }

  public SchedulerCore(SessionConfig config, ExecutionPlanFactory factory, org.ballista.api.state.StateBackend state) {
    this(config, SchedulerSettings.defaults(), factory, state);
  }

  /**
   * A scheduler keeping executors and finished jobs' statuses in {@code state}, so a restarted
   * scheduler (or another one on the same store) still knows them. Registered executors are loaded
   * at start.
   */
  public SchedulerCore(SessionConfig config, SchedulerSettings settings, ExecutionPlanFactory factory,
      org.ballista.api.state.StateBackend state) {
    this.config = config;
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
    this.factory = factory;
    this.state = state;
    for (org.ballista.api.state.KeyValue kv : state.scan(org.ballista.api.state.Keyspace.EXECUTORS, "", 0)) {
      try {
        // seen "now": an executor that never polls this scheduler again expires after the timeout
        executors.put(kv.key(), ExecutorInfo.parseFrom(kv.value()).toBuilder()
            .setLastSeenMs(System.currentTimeMillis()).build());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        // an unreadable entry is skipped; the executor registers again on its next poll
      }
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerCore.class);

  /** The last failure writing to the state backend, or null once writes succeed again. */
  private volatile String stateError;

  /** Why the state backend could not be written lately (e.g. etcd unreachable), or null. */
  public String stateError() {
    return stateError;
  }

  /**
   * Writes to the state backend without failing the caller: a store outage must not fail jobs or
   * polls. A failed write is reported (log, {@link #stateError}) and retried by the caller's next
   * call; returns whether it was written.
   */
  private boolean write(org.ballista.api.state.Keyspace keyspace, String key, byte[] value) {
    try {
      state.put(keyspace, key, value);
      if (stateError != null) {
        LOG.warn("state backend reachable again");
        stateError = null;
      }
      return true;
    } catch (BallistaException e) {
      if (stateError == null) {
        LOG.warn("cannot write scheduler state, will retry: {}", e.getMessage());
      }
      stateError = e.getMessage();
      return false;
    }
  }

  /** Persists a finished job's status (once it succeeds), so it outlives this scheduler. */
  private void persistIfFinished(ExecutionGraph graph) {
    if (lease != 0) {
      for (ExecutionGraph.StageState s : graph.stages.values()) {
        if (!s.persisted && s.complete()) {
          s.persisted = write(org.ballista.api.state.Keyspace.EXECUTION_GRAPHS, graph.jobId + "/" + s.stage.id(),
              Locations.reader(graph.jobId, s.stage.id(), s.stage.plan().schema(), s.outputsByPartition()).toByteArray());
        }
      }
    }
    if (graph.finished() && !graph.persisted) {
      org.ballista.api.state.Keyspace ks = graph.state == JobStatus.State.COMPLETED
          ? org.ballista.api.state.Keyspace.COMPLETED_JOBS : org.ballista.api.state.Keyspace.FAILED_JOBS;
      graph.persisted = write(ks, graph.jobId, statusOf(graph).toByteArray());
      if (graph.persisted && lease != 0) {
        try {
          state.delete(org.ballista.api.state.Keyspace.ACTIVE_JOBS, graph.jobId);
          for (String key : state.scanKeys(org.ballista.api.state.Keyspace.EXECUTION_GRAPHS, graph.jobId + "/")) {
            state.delete(org.ballista.api.state.Keyspace.EXECUTION_GRAPHS, key);
          }
          state.unlock(org.ballista.api.state.Keyspace.JOB_OWNERS, graph.jobId, lease);
        } catch (BallistaException e) {
          stateError = e.getMessage();
        }
      }
    }
  }

  // ---- job ownership: each job is owned by one scheduler (a lock held by its lease) ----

  private volatile long lease;
  private int attemptBase;

  /**
   * Takes part in job ownership: a lease living {@code ttl} unless kept alive ({@link #keepAlive});
   * jobs this scheduler accepts are recorded with their plan and locked by that lease, and jobs whose
   * owner's lease expired are taken over ({@link #takeOverOrphans}).
   */
  public void startOwnership(java.time.Duration ttl) {
    long l = state.grantLease(ttl);
    synchronized (this) {
      lease = l;
      attemptBase = (int) (l & 0x3fff) + 1;
    }
  }

  /** Renews this scheduler's lease; false when it expired (its jobs may have been taken over). */
  public boolean keepAlive() {
    long l = lease;
    try {
      return l == 0 || state.keepAlive(l);
    } catch (BallistaException e) {
      stateError = e.getMessage();
      return false;
    }
  }

  /** Takes over the active jobs that no live scheduler owns, rebuilding them from their records. */
  public void takeOverOrphans() {
    long l = lease;
    if (l == 0) {
      return;
    }
    List<String> active;
    try {
      active = state.scanKeys(org.ballista.api.state.Keyspace.ACTIVE_JOBS, "");
    } catch (BallistaException e) {
      stateError = e.getMessage();
      return;
    }
    for (String jobId : active) {
      synchronized (this) {
        if (jobs.containsKey(jobId)) {
          continue;
        }
      }
      try {
        if (!state.tryLock(org.ballista.api.state.Keyspace.JOB_OWNERS, jobId, l)) {
          continue;
        }
        var record = state.get(org.ballista.api.state.Keyspace.ACTIVE_JOBS, jobId);
        if (record.isEmpty()) {
          state.unlock(org.ballista.api.state.Keyspace.JOB_OWNERS, jobId, l);
          continue;
        }
        var params = org.ballista.api.proto.rpc.ExecuteQueryParams.parseFrom(record.get().value());
        int partitions = Integer.parseInt(params.getSettingsOrDefault("target_partitions",
            Integer.toString(config.targetPartitions())));
        PlanNode plan = PlanSerde.deserialize(params.getPlan().toByteArray());
        Map<Integer, List<List<ShuffleLocation>>> done = new HashMap<>();
        for (org.ballista.api.state.KeyValue kv : state.scan(org.ballista.api.state.Keyspace.EXECUTION_GRAPHS, jobId + "/", 0)) {
          var reader = org.ballista.api.proto.ShuffleReaderNode.parseFrom(kv.value());
          done.put(reader.getStageId(), Locations.fromReader(reader));
        }
        synchronized (this) {
          ExecutionGraph graph = new ExecutionGraph(jobId, params.getJobName(), new DistributedPlanner(partitions).plan(plan));
          graph.attempt = attemptBase;
          done.forEach(graph::restoreStage);
          graph.state = JobStatus.State.RUNNING;
          graph.startedAt = System.currentTimeMillis();
          jobs.put(jobId, graph);
          resolve(graph);
          LOG.warn("took over job {} ({} of {} stages already complete)", jobId, done.size(), graph.stages.size());
        }
      } catch (BallistaException | com.google.protobuf.InvalidProtocolBufferException | NumberFormatException e) {
        stateError = e.getMessage();
      }
    }
  }

  /** Retries the writes that failed during a store outage (called on every poll). */
  private void retryPendingWrites() {
    if (stateError == null) {
      return;
    }
    for (ExecutionGraph graph : jobs.values()) {
      persistIfFinished(graph);
    }
    for (String id : unpersistedExecutors.toArray(new String[0])) {
      if (write(org.ballista.api.state.Keyspace.EXECUTORS, id, executors.get(id).toByteArray())) {
        unpersistedExecutors.remove(id);
      }
    }
  }

  private final java.util.Set<String> unpersistedExecutors = new java.util.HashSet<>();

  /** Accepts a plan and returns its job id; a plan that cannot be staged gives a FAILED job. */
  public String submit(PlanNode plan, String name) {
    return submit(plan, name, Map.of());
  }

  /** The job settings {@link #submit(PlanNode, String, Map)} understands. */
  public static final String JOB_TIMEOUT_SECONDS = "job_timeout_seconds";

  /**
   * As {@link #submit(PlanNode, String)}, with job settings: {@value #JOB_TIMEOUT_SECONDS} (a
   * non-negative integer; 0 = no limit) overrides the scheduler's job timeout. An unknown or invalid
   * setting is a PLANNING error naming it.
   */
  public String submit(PlanNode plan, String name, Map<String, String> jobSettings) {
    long timeoutMs = settings.jobTimeout().toMillis();
    for (Map.Entry<String, String> e : jobSettings.entrySet()) {
      if (e.getKey().equals(JOB_TIMEOUT_SECONDS)) {
        try {
          long seconds = Long.parseLong(e.getValue().trim());
          if (seconds < 0 || seconds > 365L * 24 * 3600) {
            throw new NumberFormatException();
          }
          timeoutMs = seconds * 1000;
        } catch (NumberFormatException nfe) {
          throw new BallistaException(BallistaException.Kind.PLANNING, "setting " + JOB_TIMEOUT_SECONDS
              + " must be a number of seconds between 0 and 31536000, not '" + e.getValue() + "'");
        }
      } else if (!e.getKey().equals("target_partitions") && !e.getKey().equals("batch_size")) {
        throw new BallistaException(BallistaException.Kind.PLANNING, "unknown job setting '" + e.getKey() + "'");
      }
    }
    // staged outside the lock: polls and status requests are not held up by planning
    org.ballista.planner.distributed.StagePlan staged = new DistributedPlanner(config.targetPartitions()).plan(plan);
    return register(plan, name, staged, timeoutMs);
  }

  private synchronized String register(PlanNode plan, String name, org.ballista.planner.distributed.StagePlan staged,
      long timeoutMs) {
    String jobId = "job-" + (++nextJob) + "-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutionGraph graph = new ExecutionGraph(jobId, name, staged);
    jobs.put(jobId, graph);
    if (lease != 0) {
      // The job's durable record: its plan (so another scheduler can take it over) and its owner lock.
      write(org.ballista.api.state.Keyspace.ACTIVE_JOBS, jobId, org.ballista.api.proto.rpc.ExecuteQueryParams.newBuilder()
          .setPlan(com.google.protobuf.ByteString.copyFrom(PlanSerde.serialize(plan)))
          .putSettings("target_partitions", Integer.toString(config.targetPartitions()))
          .setJobName(name == null ? "" : name).build().toByteArray());
      try {
        state.tryLock(org.ballista.api.state.Keyspace.JOB_OWNERS, jobId, lease);
      } catch (BallistaException e) {
        stateError = e.getMessage();
      }
    }
    graph.state = JobStatus.State.RUNNING;
    graph.startedAt = System.currentTimeMillis();
    graph.deadline = timeoutMs > 0 ? graph.startedAt + timeoutMs : 0;
    resolve(graph);
    persistIfFinished(graph);
    return jobId;
  }

  private void resolve(ExecutionGraph graph) {
    try {
      graph.resolveRunnable(stage -> factory.taskCount(stage.plan(),
          new StageInputs(graph.jobId, java.nio.file.Path.of("."), new LocalFileFetcher(), graph.finishedOutputs(stage), -1)));
    } catch (RuntimeException e) {
      graph.fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  public synchronized void registerExecutor(ExecutorMetadata metadata) {
    ExecutorInfo previous = executors.get(metadata.getExecutorId());
    ExecutorInfo info = ExecutorInfo.newBuilder().setMetadata(metadata).setLastSeenMs(System.currentTimeMillis()).build();
    executors.put(metadata.getExecutorId(), info);
    if (previous == null || !previous.getMetadata().equals(metadata)) {
      // written when new or changed only: polls are frequent, store writes are not cheap
      if (!write(org.ballista.api.state.Keyspace.EXECUTORS, metadata.getExecutorId(), info.toByteArray())) {
        unpersistedExecutors.add(metadata.getExecutorId());
      }
    }
  }

  public synchronized List<ExecutorInfo> executors() {
    return new ArrayList<>(executors.values());
  }

  /** Pull scheduling: records the executor's task statuses, then hands out up to {@code freeSlots} tasks. */
  public synchronized List<TaskDefinition> poll(ExecutorMetadata metadata, int freeSlots, List<TaskStatus> statuses) {
    registerExecutor(metadata);
    updateTaskStatus(metadata.getExecutorId(), statuses);
    return assign(metadata.getExecutorId(), freeSlots);
  }

  /** Records finished (or failed) tasks reported by an executor (pull: with its poll; push: UpdateTaskStatus). */
  public synchronized void updateTaskStatus(String executorId, List<TaskStatus> statuses) {
    for (TaskStatus status : statuses) {
      if (status.getState() != TaskStatus.State.RUNNING) {
        running.merge(executorId, -1, (a, b) -> Math.max(0, a + b));
      }
      apply(executorId, status);
    }
    retryPendingWrites();
  }

  /** Push scheduling: tasks for every executor with free slots (executor id → tasks to launch). */
  public synchronized Map<String, List<TaskDefinition>> assignToFreeSlots() {
    Map<String, List<TaskDefinition>> out = new LinkedHashMap<>();
    for (ExecutorInfo info : executors.values()) {
      String id = info.getMetadata().getExecutorId();
      int free = info.getMetadata().getTaskSlots() - running.getOrDefault(id, 0);
      if (free > 0) {
        List<TaskDefinition> tasks = assign(id, free);
        if (!tasks.isEmpty()) {
          running.merge(id, tasks.size(), Integer::sum);
          out.put(id, tasks);
        }
      }
    }
    return out;
  }

  /** A launch that did not reach its executor: its tasks become pending again. */
  public synchronized void launchFailed(String executorId, List<TaskDefinition> tasks) {
    running.merge(executorId, -tasks.size(), (a, b) -> Math.max(0, a + b));
    for (TaskDefinition t : tasks) {
      ExecutionGraph graph = jobs.get(t.getTaskId().getJobId());
      if (graph != null) {
        ExecutionGraph.StageState s = graph.stages.get(t.getTaskId().getStageId());
        int p = t.getTaskId().getPartitionId();
        if (s != null && s.resolved() && s.tasks[p] == ExecutionGraph.TaskState.RUNNING) {
          s.tasks[p] = ExecutionGraph.TaskState.PENDING;
        }
      }
    }
    // an executor that cannot be reached gets no more tasks until it registers again
    executorLost(executorId, "cannot launch tasks on it");
  }

  public synchronized ExecutorMetadata executor(String executorId) {
    ExecutorInfo info = executors.get(executorId);
    return info == null ? null : info.getMetadata();
  }

  /** Rotates the job that gets the first free slot, so concurrent jobs share executors evenly. */
  private int roundRobin;

  private List<TaskDefinition> assign(String executorId, int freeSlots) {
    List<TaskDefinition> assigned = new ArrayList<>();
    if (freeSlots <= 0) {
      return assigned;
    }
    List<ExecutionGraph> active = new ArrayList<>();
    for (ExecutionGraph graph : jobs.values()) {
      if (!graph.finished()) {
        active.add(graph);
      }
    }
    if (active.isEmpty()) {
      return assigned;
    }
    int start = Math.floorMod(roundRobin++, active.size());
    boolean progress = true;
    while (assigned.size() < freeSlots && progress) {
      progress = false;
      for (int i = 0; i < active.size() && assigned.size() < freeSlots; i++) {
        TaskDefinition task = nextTask(active.get((start + i) % active.size()), executorId);
        if (task != null) {
          assigned.add(task);
          progress = true;
        }
      }
    }
    return assigned;
  }

  private TaskDefinition nextTask(ExecutionGraph graph, String executor) {
    for (ExecutionGraph.StageState s : graph.stages.values()) {
      if (!s.resolved() || !graph.inputsComplete(s)) {
        continue; // an input being recomputed (its outputs were lost) holds the stage back
      }
      for (int p = 0; p < s.tasks.length; p++) {
        if (s.tasks[p] == ExecutionGraph.TaskState.PENDING) {
          s.tasks[p] = ExecutionGraph.TaskState.RUNNING;
          s.executors[p] = executor;
          // a new attempt number per launch: its files never collide with an earlier attempt's,
          // and a late status of an earlier attempt is recognized as stale
          s.attempts[p] = graph.attempt * 1000 + (s.launches[p]++ % 1000);
          return definition(graph, s.stage, p, s.attempts[p]);
        }
      }
    }
    return null;
  }

  private TaskDefinition definition(ExecutionGraph graph, Stage stage, int partition, int attempt) {
    byte[] plan = stagePlans.computeIfAbsent(graph.jobId + "/" + stage.id(), k -> PlanSerde.serialize(stage.plan()));
    TaskDefinition.Builder b = TaskDefinition.newBuilder()
        .setTaskId(TaskId.newBuilder().setJobId(graph.jobId).setStageId(stage.id()).setPartitionId(partition)
            .setTaskAttempt(attempt))
        .setPlan(com.google.protobuf.ByteString.copyFrom(plan))
        .putSessionSettings("target_partitions", Integer.toString(config.targetPartitions()))
        .putSessionSettings("batch_size", Integer.toString(config.batchSize()))
        .setLaunchTimeMs(System.currentTimeMillis());
    for (int input : stage.inputStages()) {
      ExecutionGraph.StageState in = graph.stages.get(input);
      b.addInputs(Locations.reader(graph.jobId, input, in.stage.plan().schema(), in.outputsByPartition()));
    }
    return b.build();
  }

  private void apply(String executor, TaskStatus status) {
    ExecutionGraph graph = jobs.get(status.getTaskId().getJobId());
    if (graph == null || graph.finished()) {
      return;
    }
    int stageId = status.getTaskId().getStageId();
    int partition = status.getTaskId().getPartitionId();
    ExecutionGraph.StageState s = graph.stages.get(stageId);
    if (s == null || !s.resolved() || partition >= s.tasks.length || s.tasks[partition] != ExecutionGraph.TaskState.RUNNING
        || s.attempts[partition] != status.getTaskId().getTaskAttempt()) {
      return; // stale: an attempt the scheduler gave up on (its executor was presumed lost, or the stage rolled back)
    }
    switch (status.getState()) {
      case SUCCESS -> {
        List<List<ShuffleLocation>> outputs = new ArrayList<>();
        for (int p = 0; p < s.stage.plan().outputPartitions(); p++) {
          outputs.add(new ArrayList<>());
        }
        for (PartitionLocation l : status.getShuffleOutputsList()) {
          if (l.getOutputPartitionId() < 0 || l.getOutputPartitionId() >= outputs.size()) {
            throw new BallistaException(BallistaException.Kind.PLANNING, "task " + partition + " of stage " + stageId
                + " of job " + graph.jobId + " reported output partition " + l.getOutputPartitionId()
                + " but the stage has " + outputs.size());
          }
          outputs.get(l.getOutputPartitionId()).add(Locations.fromProto(l));
        }
        graph.taskCompleted(stageId, partition, executor, outputs);
        resolve(graph);
        persistIfFinished(graph);
      }
      case FAILED -> taskFailed(graph, s, partition, executor, status.getFailure());
      default -> {
      }
    }
  }

  /** Ends a job as FAILED with {@code message} and has the executors stop its tasks and delete its files. */
  private void failJob(ExecutionGraph graph, String message) {
    graph.fail(message);
    persistIfFinished(graph);
    toClean.put(graph.jobId, new java.util.HashSet<>(executors.keySet()));
    graph.cleaned = true;
  }

  /**
   * A task failed. A fetch failure means the shuffle outputs it read are gone: the tasks that wrote
   * them run again (stage rollback, limited by the stage attempt limit) and the task waits for them.
   * A retryable failure runs the task again, up to the task attempt limit. Any other failure is
   * deterministic (a SQL error, a division by zero): it fails the job at once with its message.
   */
  private void taskFailed(ExecutionGraph graph, ExecutionGraph.StageState s, int partition, String executor,
      org.ballista.api.proto.rpc.Failure failure) {
    String where = "task " + partition + " of stage " + s.stage.id();
    if (failure.getKind() == org.ballista.api.proto.rpc.Failure.Kind.FETCH_FAILED && failure.hasFetch()) {
      s.tasks[partition] = ExecutionGraph.TaskState.PENDING;
      String lost = failure.getFetch().getExecutorId();
      LOG.warn("job {}: {} could not read shuffle output of executor {} ({})", graph.jobId, where, lost,
          failure.getMessage());
      if (rollBack(graph, lost, failure.getMessage())) {
        resolve(graph);
      }
      // Unreachable and silent too: it is dead, no need to wait for the executor timeout to re-run its tasks.
      ExecutorInfo info = executors.get(lost);
      long silentFor = info == null ? 0 : System.currentTimeMillis() - info.getLastSeenMs();
      if (silentFor > SILENT_AFTER_FETCH_FAILURE_MS) {
        executorLost(lost, "its shuffle files cannot be fetched and it has been silent for " + silentFor + " ms");
      }
      return;
    }
    if (failure.getRetryable()) {
      s.failures[partition]++;
      if (s.failures[partition] >= settings.taskMaxAttempts()) {
        failJob(graph, where + " failed " + s.failures[partition] + " times (limit " + settings.taskMaxAttempts()
            + "); last error: " + failure.getMessage());
      } else {
        LOG.warn("job {}: {} failed on executor {} (attempt {} of {}), running it again: {}", graph.jobId, where,
            executor, s.failures[partition], settings.taskMaxAttempts(), failure.getMessage());
        s.tasks[partition] = ExecutionGraph.TaskState.PENDING;
      }
      return;
    }
    failJob(graph, failure.getMessage());
  }

  /**
   * An executor that fails a fetch and has not polled (or sent a heartbeat) for this long is taken
   * for dead at once. Live executors poll every few tens of milliseconds, even when busy.
   */
  static final long SILENT_AFTER_FETCH_FAILURE_MS = 2_000;

  /**
   * Recomputes the outputs of {@code graph} that lived on {@code executorId} (and forgets their
   * stored completions). Each stage rolled back counts an attempt; one past the stage attempt limit
   * fails the job. Returns whether the job is still running.
   */
  private boolean rollBack(ExecutionGraph graph, String executorId, String cause) {
    java.util.Set<Integer> stages = graph.rollBackOutputsOn(executorId);
    if (stages.isEmpty()) {
      return true; // already rolled back (several readers report the same loss)
    }
    LOG.warn("job {}: outputs of stages {} on executor {} are lost and will be recomputed", graph.jobId, stages, executorId);
    for (int stageId : stages) {
      ExecutionGraph.StageState s = graph.stages.get(stageId);
      if (++s.rollbacks >= settings.stageMaxAttempts()) {
        failJob(graph, "stage " + stageId + " lost its shuffle outputs " + s.rollbacks + " times (limit "
            + settings.stageMaxAttempts() + "); last error: " + cause);
        return false;
      }
      if (lease != 0) {
        try {
          state.delete(org.ballista.api.state.Keyspace.EXECUTION_GRAPHS, graph.jobId + "/" + stageId);
        } catch (BallistaException e) {
          stateError = e.getMessage();
        }
      }
    }
    return true;
  }

  /**
   * An executor is gone (silent past the executor timeout, or unreachable): it gets no more tasks,
   * its running tasks run again elsewhere (each counting as a failed attempt), and the shuffle
   * outputs it held that are still needed are recomputed. It may come back by registering again.
   */
  public synchronized void executorLost(String executorId, String reason) {
    if (executors.remove(executorId) == null) {
      return;
    }
    LOG.warn("executor {} lost: {}", executorId, reason);
    running.remove(executorId);
    unpersistedExecutors.remove(executorId);
    try {
      state.delete(org.ballista.api.state.Keyspace.EXECUTORS, executorId);
    } catch (BallistaException e) {
      stateError = e.getMessage();
    }
    for (java.util.Set<String> pending : toClean.values()) {
      pending.remove(executorId); // its files went with it
    }
    toClean.values().removeIf(java.util.Set::isEmpty);
    for (ExecutionGraph graph : jobs.values()) {
      if (graph.finished()) {
        continue;
      }
      for (ExecutionGraph.StageState s : graph.stages.values()) {
        if (!s.resolved()) {
          continue;
        }
        for (int p = 0; p < s.tasks.length; p++) {
          if (s.tasks[p] == ExecutionGraph.TaskState.RUNNING && executorId.equals(s.executors[p])) {
            taskFailed(graph, s, p, executorId, org.ballista.api.proto.rpc.Failure.newBuilder()
                .setKind(org.ballista.api.proto.rpc.Failure.Kind.EXECUTOR_LOST).setRetryable(true)
                .setMessage("executor " + executorId + " lost: " + reason).build());
            if (graph.finished()) {
              break;
            }
          }
        }
      }
      if (!graph.finished() && rollBack(graph, executorId, "executor " + executorId + " lost: " + reason)) {
        resolve(graph);
      }
    }
  }

  /**
   * The scheduler's clock: expires silent executors, fails jobs past their timeout, cancels jobs
   * whose client is gone, deletes unfetched results, and forgets finished jobs past their retention.
   * Called periodically (every few hundred milliseconds) by the server.
   */
  public void checkTimeouts(long now) {
    List<String> silent = new ArrayList<>();
    synchronized (this) {
      long executorLimit = now - settings.executorTimeout().toMillis();
      for (ExecutorInfo info : executors.values()) {
        if (info.getLastSeenMs() < executorLimit) {
          silent.add(info.getMetadata().getExecutorId());
        }
      }
    }
    for (String id : silent) {
      executorLost(id, "no poll or heartbeat for more than " + settings.executorTimeout().toSeconds() + " s");
    }
    synchronized (this) {
      long clientLimit = now - settings.clientTimeout().toMillis();
      long retention = settings.finishedJobRetention().toMillis();
      var it = jobs.values().iterator();
      while (it.hasNext()) {
        ExecutionGraph graph = it.next();
        if (!graph.finished()) {
          if (graph.deadline > 0 && now >= graph.deadline) {
            failJob(graph, "job exceeded its time limit of " + (graph.deadline - graph.startedAt) / 1000 + " s");
          } else if (graph.lastClientContact < clientLimit) {
            cancel(graph, "cancelled: its client has not asked about it for "
                + settings.clientTimeout().toSeconds() + " s (client gone)");
          }
        } else if (!graph.cleaned && graph.lastClientContact < clientLimit) {
          markForCleaning(graph); // results never fetched
        } else if (graph.persisted && graph.cleaned) {
          // done with: keep its final status only (a busy cluster finishes thousands of jobs an hour)
          finishedJobs.put(graph.jobId, statusOf(graph));
          it.remove();
          stagePlans.keySet().removeIf(k -> k.startsWith(graph.jobId + "/"));
        }
      }
      // past the retention: forgotten here; the store's copy is swept below
      finishedJobs.values().removeIf(st -> now - st.getEndedAtMs() > retention);
    }
    if (now - lastStoreSweep >= Math.min(60_000, Math.max(1_000, settings.finishedJobRetention().toMillis() / 10))) {
      lastStoreSweep = now;
      sweepStoredStatuses(now);
    }
  }

  private long lastStoreSweep;

  /** Deletes finished jobs' statuses stored longer ago than the retention. */
  private void sweepStoredStatuses(long now) {
    long limit = now - settings.finishedJobRetention().toMillis();
    for (org.ballista.api.state.Keyspace ks : List.of(org.ballista.api.state.Keyspace.COMPLETED_JOBS,
        org.ballista.api.state.Keyspace.FAILED_JOBS)) {
      try {
        for (org.ballista.api.state.KeyValue kv : state.scan(ks, "", 0)) {
          long ended;
          try {
            ended = JobStatus.parseFrom(kv.value()).getEndedAtMs();
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            ended = 0; // unreadable: nothing to keep
          }
          if (ended < limit) {
            state.delete(ks, kv.key());
          }
        }
      } catch (BallistaException e) {
        stateError = e.getMessage();
      }
    }
  }

  public synchronized JobStatus status(String jobId) {
    ExecutionGraph graph = jobs.get(jobId);
    if (graph == null && finishedJobs.containsKey(jobId)) {
      return finishedJobs.get(jobId);
    }
    if (graph == null) {
      for (org.ballista.api.state.Keyspace ks : List.of(org.ballista.api.state.Keyspace.COMPLETED_JOBS,
          org.ballista.api.state.Keyspace.FAILED_JOBS)) {
        var stored = state.get(ks, jobId);
        if (stored.isPresent()) {
          try {
            return JobStatus.parseFrom(stored.get().value());
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw BallistaException.internal("stored status of job " + jobId + " is unreadable", e);
          }
        }
      }
      if (state.get(org.ballista.api.state.Keyspace.ACTIVE_JOBS, jobId).isPresent()) {
        // owned by another scheduler (or about to be taken over): it is running
        return JobStatus.newBuilder().setJobId(jobId).setState(JobStatus.State.RUNNING).build();
      }
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "unknown job id '" + jobId + "'");
    }
    graph.lastClientContact = System.currentTimeMillis();
    persistIfFinished(graph);
    return statusOf(graph);
  }

  private JobStatus statusOf(ExecutionGraph graph) {
    String jobId = graph.jobId;
    JobStatus.Builder b = graph.status();
    if (graph.state == JobStatus.State.COMPLETED) {
      Stage last = graph.plan.finalStage();
      int i = 0;
      for (ShuffleLocation l : graph.stages.get(last.id()).outputsByPartition().get(0)) {
        b.addResultPartitions(Locations.toProto(jobId, last.id(), i++, 0, l));
      }
      b.setResultSchema(SchemaSerde.toProto(graph.plan.schema()));
    }
    return b.build();
  }

  /** Marks a job's shuffle data for deletion on every executor (told on their next poll). */
  public synchronized void clean(String jobId) {
    ExecutionGraph graph = jobs.get(jobId);
    if (graph == null && finishedJobs.containsKey(jobId)) {
      return; // cleaned already
    }
    if (graph == null) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "unknown job id '" + jobId + "'");
    }
    graph.lastClientContact = System.currentTimeMillis();
    markForCleaning(graph);
  }

  private void markForCleaning(ExecutionGraph graph) {
    toClean.put(graph.jobId, new java.util.HashSet<>(executors.keySet()));
    stagePlans.keySet().removeIf(k -> k.startsWith(graph.jobId + "/"));
    graph.cleaned = true;
  }

  /** The jobs executor {@code executorId} should delete now. */
  synchronized List<String> jobsToRemove(String executorId) {
    List<String> out = new ArrayList<>();
    var it = toClean.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().remove(executorId)) {
        out.add(e.getKey());
      }
      if (e.getValue().isEmpty()) {
        it.remove();
      }
    }
    return out;
  }

  public synchronized boolean cancel(String jobId) {
    ExecutionGraph graph = jobs.get(jobId);
    if (graph == null && finishedJobs.containsKey(jobId)) {
      return false; // it ended
    }
    if (graph == null) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "unknown job id '" + jobId + "'");
    }
    graph.lastClientContact = System.currentTimeMillis();
    return cancel(graph, "cancelled");
  }

  private boolean cancel(ExecutionGraph graph, String reason) {
    if (graph.finished()) {
      return false;
    }
    graph.state = JobStatus.State.CANCELLED;
    graph.failure = reason;
    graph.endedAt = System.currentTimeMillis();
    markForCleaning(graph);
    persistIfFinished(graph);
    return true;
  }
}
