package org.ballista.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.ballista.api.BallistaException;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.StageStatus;
import org.ballista.api.proto.rpc.TaskCounts;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.planner.distributed.Stage;
import org.ballista.planner.distributed.StagePlan;

/**
 * The state of one job on its scheduler: its stages, each stage's tasks and their states, and the
 * shuffle locations of finished tasks. A stage becomes runnable once every stage it reads is
 * complete. Not thread-safe: the scheduler serializes access.
 */
final class ExecutionGraph {
  enum TaskState { PENDING, RUNNING, COMPLETED, FAILED }

  /** One stage's progress. */
  static final class StageState {
    final Stage stage;
    int taskCount = -1; // known once the stage is resolved
    TaskState[] tasks;
    String[] executors;
    /** Locations of each task's output, by task. */
    List<List<ShuffleLocation>>[] outputs;
    long rows;
    long bytes;
    /** Whether this stage's completion was written to the state backend. */
    boolean persisted;
    /** The attempt number of each task's current (or last) launch; statuses of other attempts are stale. */
    int[] attempts;
    /** Launches of each task so far (its next attempt number derives from it). */
    int[] launches;
    /** Retryable failures of each task so far. */
    int[] failures;
    /** How many times outputs of this stage were lost and had to be recomputed. */
    int rollbacks;
    /** Whether the stage was restored as a whole from the state backend (one pseudo-task holding all outputs). */
    boolean restored;

    StageState(Stage stage) {
      this.stage = stage;
    }

    boolean resolved() {
      return tasks != null;
    }

    boolean complete() {
      if (tasks == null) {
        return false;
      }
      for (TaskState t : tasks) {
        if (t != TaskState.COMPLETED) {
          return false;
        }
      }
      return true;
    }

    /** Output locations by output partition, in task order. */
    List<List<ShuffleLocation>> outputsByPartition() {
      List<List<ShuffleLocation>> byPartition = new ArrayList<>();
      for (int p = 0; p < stage.plan().outputPartitions(); p++) {
        byPartition.add(new ArrayList<>());
      }
      for (List<List<ShuffleLocation>> task : outputs) {
        if (task == null) {
          continue; // not (or no longer) completed
        }
        for (int p = 0; p < task.size(); p++) {
          byPartition.get(p).addAll(task.get(p));
        }
      }
      return byPartition;
    }
  }

  final String jobId;
  final String jobName;
  final StagePlan plan;
  final Map<Integer, StageState> stages = new TreeMap<>();
  final long queuedAt = System.currentTimeMillis();
  long startedAt;
  long endedAt;
  /** When the job's client last asked about it (submit, status, clean): a silent client is gone. */
  long lastClientContact = queuedAt;
  /** The job fails when still running at this time (0: no limit). */
  long deadline;
  /** Whether its shuffle data was handed to the executors for deletion. */
  boolean cleaned;
  JobStatus.State state = JobStatus.State.QUEUED;
  /** Whether the final status was written to the state backend. */
  boolean persisted;
  /** Task attempt number this owner gives its tasks (0 for the first owner, new per takeover). */
  int attempt;

  /** Marks a stage complete with outputs recovered from the state backend (after a takeover). */
  void restoreStage(int stageId, List<List<ShuffleLocation>> outputs) {
    StageState s = stages.get(stageId);
    s.taskCount = 1;
    s.tasks = new TaskState[] {TaskState.COMPLETED};
    s.executors = new String[1];
    @SuppressWarnings("unchecked")
    List<List<ShuffleLocation>>[] o = new List[] {outputs};
    s.outputs = o;
    s.attempts = new int[1];
    s.launches = new int[1];
    s.failures = new int[1];
    s.persisted = true;
    s.restored = true;
  }

  /** Forgets a stage's tasks: it is resolved (and all its tasks run) again once its inputs are complete. */
  static void unresolve(StageState s) {
    s.taskCount = -1;
    s.tasks = null;
    s.executors = null;
    s.outputs = null;
    s.attempts = null;
    s.launches = null;
    s.failures = null;
    s.rows = 0;
    s.bytes = 0;
    s.restored = false;
  }

  /** Whether every stage {@code s} reads is complete (its pending tasks may run). */
  boolean inputsComplete(StageState s) {
    for (int id : s.stage.inputStages()) {
      if (!stages.get(id).complete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the outputs of stage {@code s} are still to be read: it is the final stage (its outputs
   * are the job's result) or a stage reading it is not complete.
   */
  boolean outputsNeeded(StageState s) {
    if (s.stage.id() == plan.finalStage().id()) {
      return true;
    }
    for (StageState c : stages.values()) {
      if (c.stage.inputStages().contains(s.stage.id()) && !c.complete()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the completed tasks whose outputs live on {@code executorId} to run again, wherever those
   * outputs are still needed (transitively: a stage rolled back needs its own inputs again). Returns
   * the ids of the stages rolled back.
   */
  java.util.Set<Integer> rollBackOutputsOn(String executorId) {
    java.util.Set<Integer> rolledBack = new java.util.TreeSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (StageState s : stages.values()) {
        if (!s.resolved() || !outputsNeeded(s)) {
          continue;
        }
        for (int p = 0; p < s.tasks.length; p++) {
          if (s.tasks[p] != TaskState.COMPLETED || !holdsOutputOn(s.outputs[p], executorId)) {
            continue;
          }
          rolledBack.add(s.stage.id());
          changed = true;
          s.persisted = false;
          if (s.restored) {
            unresolve(s); // the pseudo-task of a restored stage stands for all of its tasks
            break;
          }
          s.tasks[p] = TaskState.PENDING;
          for (List<ShuffleLocation> part : s.outputs[p]) {
            for (ShuffleLocation l : part) {
              s.rows -= l.numRows();
              s.bytes -= l.numBytes();
            }
          }
          s.outputs[p] = null;
        }
      }
    }
    return rolledBack;
  }

  private static boolean holdsOutputOn(List<List<ShuffleLocation>> outputs, String executorId) {
    if (outputs == null) {
      return false;
    }
    for (List<ShuffleLocation> part : outputs) {
      for (ShuffleLocation l : part) {
        if (l.executorId().equals(executorId)) {
          return true;
        }
      }
    }
    return false;
  }
  String failure;

  ExecutionGraph(String jobId, String jobName, StagePlan plan) {
    this.jobId = jobId;
    this.jobName = jobName;
    this.plan = plan;
    for (Stage s : plan.stages()) {
      stages.put(s.id(), new StageState(s));
    }
  }

  boolean finished() {
    return state == JobStatus.State.COMPLETED || state == JobStatus.State.FAILED || state == JobStatus.State.CANCELLED;
  }

  /** Resolves every stage whose inputs are complete (computing its task count). */
  void resolveRunnable(ToIntFunction<Stage> taskCount) {
    for (StageState s : stages.values()) {
      if (s.resolved()) {
        continue;
      }
      boolean ready = s.stage.inputStages().stream().allMatch(id -> stages.get(id).complete());
      if (ready) {
        int n = taskCount.applyAsInt(s.stage);
        s.taskCount = n;
        s.tasks = new TaskState[n];
        java.util.Arrays.fill(s.tasks, TaskState.PENDING);
        s.executors = new String[n];
        s.attempts = new int[n];
        s.launches = new int[n];
        s.failures = new int[n];
        @SuppressWarnings("unchecked")
        List<List<ShuffleLocation>>[] outputs = new List[n];
        s.outputs = outputs;
        if (n == 0) {
          throw BallistaException.internal("stage " + s.stage.id() + " has no tasks", null);
        }
      }
    }
  }

  /** Outputs of the finished stages, for a task's inputs. */
  Map<Integer, List<List<ShuffleLocation>>> finishedOutputs(Stage stage) {
    Map<Integer, List<List<ShuffleLocation>>> map = new TreeMap<>();
    for (int id : stage.inputStages()) {
      map.put(id, stages.get(id).outputsByPartition());
    }
    return map;
  }

  void taskCompleted(int stageId, int partition, String executor, List<List<ShuffleLocation>> outputs) {
    StageState s = stages.get(stageId);
    if (s == null || !s.resolved() || partition >= s.tasks.length || s.tasks[partition] == TaskState.COMPLETED) {
      return;
    }
    s.tasks[partition] = TaskState.COMPLETED;
    s.executors[partition] = executor;
    s.outputs[partition] = outputs;
    for (List<ShuffleLocation> part : outputs) {
      for (ShuffleLocation l : part) {
        s.rows += l.numRows();
        s.bytes += l.numBytes();
      }
    }
    if (stages.get(plan.finalStage().id()).complete()) {
      state = JobStatus.State.COMPLETED;
      endedAt = System.currentTimeMillis();
    }
  }

  void fail(String message) {
    if (!finished()) {
      state = JobStatus.State.FAILED;
      failure = message;
      endedAt = System.currentTimeMillis();
    }
  }

  JobStatus.Builder status() {
    JobStatus.Builder b = JobStatus.newBuilder().setJobId(jobId).setJobName(jobName == null ? "" : jobName)
        .setState(state).setQueuedAtMs(queuedAt).setStartedAtMs(startedAt).setEndedAtMs(endedAt)
        .setElapsedMs((endedAt > 0 ? endedAt : System.currentTimeMillis()) - queuedAt);
    long rows = 0;
    long bytes = 0;
    for (StageState s : stages.values()) {
      TaskCounts.Builder counts = TaskCounts.newBuilder();
      StageStatus.State st = StageStatus.State.UNRESOLVED;
      if (s.resolved()) {
        int pending = 0;
        int running = 0;
        int done = 0;
        int failed = 0;
        for (TaskState t : s.tasks) {
          switch (t) {
            case PENDING -> pending++;
            case RUNNING -> running++;
            case COMPLETED -> done++;
            case FAILED -> failed++;
          }
        }
        counts.setPending(pending).setRunning(running).setCompleted(done).setFailed(failed);
        st = s.complete() ? StageStatus.State.SUCCESSFUL : running + done > 0 ? StageStatus.State.RUNNING
            : StageStatus.State.RESOLVED;
      }
      b.addStages(StageStatus.newBuilder().setStageId(s.stage.id()).setState(st)
          .setPartitionCount(Math.max(0, s.taskCount)).setTasks(counts).setOutputRows(s.rows).setOutputBytes(s.bytes)
          .addAllInputStageIds(s.stage.inputStages()));
      if (s.stage != plan.finalStage()) {
        rows += s.rows;
        bytes += s.bytes;
      }
    }
    b.setRowsShuffled(rows).setBytesShuffled(bytes);
    if (failure != null) {
      b.setFailure(org.ballista.api.proto.rpc.Failure.newBuilder().setMessage(failure));
    }
    return b;
  }
}
