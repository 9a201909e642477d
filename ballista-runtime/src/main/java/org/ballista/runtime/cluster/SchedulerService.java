package org.ballista.runtime.cluster;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.rpc.CancelJobParams;
import org.ballista.api.proto.rpc.CancelJobResult;
import org.ballista.api.proto.rpc.CleanJobDataParams;
import org.ballista.api.proto.rpc.CleanJobDataResult;
import org.ballista.api.proto.rpc.ExecuteQueryParams;
import org.ballista.api.proto.rpc.ExecuteQueryResult;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.GetExecutorsMetadataParams;
import org.ballista.api.proto.rpc.GetExecutorsMetadataResult;
import org.ballista.api.proto.rpc.GetJobStatusParams;
import org.ballista.api.proto.rpc.GetJobStatusResult;
import org.ballista.api.proto.rpc.HeartBeatParams;
import org.ballista.api.proto.rpc.HeartBeatResult;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.PollWorkParams;
import org.ballista.api.proto.rpc.PollWorkResult;
import org.ballista.api.proto.rpc.RegisterExecutorParams;
import org.ballista.api.proto.rpc.RegisterExecutorResult;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.api.proto.rpc.StageStatus;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.proto.rpc.UpdateTaskStatusParams;
import org.ballista.api.proto.rpc.UpdateTaskStatusResult;

/**
 * The scheduler's gRPC face: validates every request before the core sees it and maps errors to
 * gRPC statuses. The contract, per kind of problem:
 * <ul>
 *   <li>bytes that are not a valid request message (truncated, wrong wire type): INVALID_ARGUMENT
 *       "malformed &lt;Method&gt; request: ..." (see {@link RpcChecks#rejectMalformed}; the server
 *       must be built with it, as {@link SchedulerServer} does);
 *   <li>a request above the server's size limit: RESOURCE_EXHAUSTED (gRPC itself);
 *   <li>an empty or ill-formed id, a missing plan or metadata, undecodable plan bytes, a setting
 *       that is unknown or not an integer in range, a port outside 0..65535, task slots outside
 *       1..{@value RpcChecks#MAX_TASK_SLOTS}: INVALID_ARGUMENT naming the field;
 *   <li>a well-formed job id the scheduler does not know (GetJobStatus, CancelJob, CleanJobData):
 *       NOT_FOUND; UpdateTaskStatus from an executor that is not registered: NOT_FOUND (it
 *       re-registers with its next heartbeat and sends the statuses again); a HeartBeat without
 *       metadata from an unknown executor: answered with {@code reregister = true};
 *   <li>a task status (UpdateTaskStatus, PollWork) naming a job the scheduler does not know is
 *       ignored, not an error: an executor may legitimately report tasks of a job that was
 *       cancelled or that this scheduler never owned, and failing the call would make it resend the
 *       batch's valid statuses forever. A status naming a stage its (known) job does not have is
 *       INVALID_ARGUMENT.
 * </ul>
 * Any other failure of the core is INTERNAL with its message; the service keeps serving.
 */
final class SchedulerService extends SchedulerGrpc.SchedulerImplBase {
  private final SchedulerCore core;

  SchedulerService(SchedulerCore core) {
    this.core = core;
  }

  private static <T> void answer(StreamObserver<T> observer, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (BallistaException e) {
      Status status = switch (e.kind()) {
        case NOT_FOUND -> Status.NOT_FOUND;
        case SQL_SYNTAX, PLANNING, TYPE_MISMATCH, UNSUPPORTED -> Status.INVALID_ARGUMENT;
        case CANCELLED -> Status.CANCELLED;
        default -> Status.INTERNAL;
      };
      observer.onError(status.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      observer.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException());
      return;
    }
    observer.onNext(result);
    observer.onCompleted();
  }

  @Override
  public void executeQuery(ExecuteQueryParams request, StreamObserver<ExecuteQueryResult> observer) {
    answer(observer, () -> {
      switch (request.getQueryCase()) {
        case SQL -> throw RpcChecks.invalid("the scheduler runs serialized plans, not SQL: plan the SQL in the "
            + "client session and send the plan");
        case QUERY_NOT_SET -> throw RpcChecks.invalid("no plan in the request");
        default -> {
        }
      }
      RpcChecks.settings("settings", request.getSettingsMap());
      RpcChecks.text("session_id", request.getSessionId(), RpcChecks.MAX_ID_LENGTH);
      RpcChecks.text("job_name", request.getJobName(), RpcChecks.MAX_NAME_LENGTH);
      PlanNode plan = RpcChecks.plan("plan", request.getPlan());
      String jobId = core.submit(plan, request.getJobName(), request.getSettingsMap());
      return ExecuteQueryResult.newBuilder().setJobId(jobId).setSessionId(request.getSessionId()).build();
    });
  }

  @Override
  public void getJobStatus(GetJobStatusParams request, StreamObserver<GetJobStatusResult> observer) {
    answer(observer, () -> GetJobStatusResult.newBuilder()
        .setStatus(core.status(RpcChecks.jobId("job_id", request.getJobId()))).build());
  }

  @Override
  public void cancelJob(CancelJobParams request, StreamObserver<CancelJobResult> observer) {
    answer(observer, () -> CancelJobResult.newBuilder()
        .setCancelled(core.cancel(RpcChecks.jobId("job_id", request.getJobId()))).build());
  }

  @Override
  public void cleanJobData(CleanJobDataParams request, StreamObserver<CleanJobDataResult> observer) {
    answer(observer, () -> {
      core.clean(RpcChecks.jobId("job_id", request.getJobId()));
      return CleanJobDataResult.newBuilder().build();
    });
  }

  @Override
  public void getExecutorsMetadata(GetExecutorsMetadataParams request, StreamObserver<GetExecutorsMetadataResult> observer) {
    answer(observer, () -> GetExecutorsMetadataResult.newBuilder().addAllExecutors(core.executors()).build());
  }

  @Override
  public void registerExecutor(RegisterExecutorParams request, StreamObserver<RegisterExecutorResult> observer) {
    answer(observer, () -> {
      core.registerExecutor(RpcChecks.executorMetadata(request.hasMetadata(), request.getMetadata()));
      return RegisterExecutorResult.newBuilder().setSuccess(true).build();
    });
  }

  @Override
  public void heartBeat(HeartBeatParams request, StreamObserver<HeartBeatResult> observer) {
    answer(observer, () -> {
      if (request.hasMetadata()) {
        ExecutorMetadata m = RpcChecks.executorMetadata(true, request.getMetadata());
        if (!request.getExecutorId().isEmpty() && !request.getExecutorId().equals(m.getExecutorId())) {
          throw RpcChecks.invalid("executor_id '" + request.getExecutorId() + "' differs from metadata.executor_id '"
              + m.getExecutorId() + "'");
        }
        core.registerExecutor(m);
        return HeartBeatResult.newBuilder().build();
      }
      String id = RpcChecks.executorId("executor_id", request.getExecutorId());
      ExecutorMetadata known = core.executor(id);
      if (known == null) {
        return HeartBeatResult.newBuilder().setReregister(true).build();
      }
      core.registerExecutor(known); // refreshes its last-seen time
      return HeartBeatResult.newBuilder().build();
    });
  }

  @Override
  public void updateTaskStatus(UpdateTaskStatusParams request, StreamObserver<UpdateTaskStatusResult> observer) {
    answer(observer, () -> {
      String executorId = RpcChecks.executorId("executor_id", request.getExecutorId());
      checkStatuses(request.getTaskStatusList());
      if (core.executor(executorId) == null) {
        throw RpcChecks.notFound("unknown executor '" + executorId + "': register it first");
      }
      core.updateTaskStatus(executorId, request.getTaskStatusList());
      return UpdateTaskStatusResult.newBuilder().setSuccess(true).build();
    });
  }

  @Override
  public void pollWork(PollWorkParams request, StreamObserver<PollWorkResult> observer) {
    answer(observer, () -> {
      ExecutorMetadata m = RpcChecks.executorMetadata(request.hasMetadata(), request.getMetadata());
      int free = request.getFreeSlots();
      if (free < 0 || free > m.getTaskSlots()) {
        throw RpcChecks.invalid("free_slots must be in 0..metadata.task_slots (" + m.getTaskSlots() + "), got "
            + Integer.toUnsignedString(free));
      }
      checkStatuses(request.getTaskStatusList());
      return PollWorkResult.newBuilder()
          .addAllTasks(core.poll(m, free, request.getTaskStatusList()))
          .addAllRemoveJobs(core.jobsToRemove(m.getExecutorId())).build();
    });
  }

  /**
   * Checks task statuses before any is applied (so a bad one leaves the batch unapplied): a valid
   * task id, a known state, and, for a job this scheduler knows, a stage that job has. Statuses of
   * unknown jobs pass (the core ignores them).
   */
  private void checkStatuses(List<TaskStatus> statuses) {
    Map<String, JobStatus> jobs = new HashMap<>();
    for (int i = 0; i < statuses.size(); i++) {
      TaskStatus s = statuses.get(i);
      String field = "task_status[" + i + "]";
      RpcChecks.taskId(field + ".task_id", s.hasTaskId(), s.getTaskId());
      if (s.getState() == TaskStatus.State.STATE_UNSPECIFIED || s.getState() == TaskStatus.State.UNRECOGNIZED) {
        throw RpcChecks.invalid(field + ".state must be RUNNING, SUCCESS or FAILED, got "
            + (s.getState() == TaskStatus.State.UNRECOGNIZED ? s.getStateValue() : s.getState()));
      }
      for (PartitionLocation l : s.getShuffleOutputsList()) {
        RpcChecks.nonNegative(field + ".shuffle_outputs.output_partition_id", l.getOutputPartitionId());
      }
      String jobId = s.getTaskId().getJobId();
      JobStatus job = jobs.computeIfAbsent(jobId, this::knownJob);
      if (job != null && job.getStagesCount() > 0) {
        int stage = s.getTaskId().getStageId();
        if (job.getStagesList().stream().mapToInt(StageStatus::getStageId).noneMatch(id -> id == stage)) {
          throw RpcChecks.invalid(field + ".task_id names stage " + stage + ", which job " + jobId + " does not have");
        }
      }
    }
  }

  /** The job's status, or null when the scheduler does not know it. */
  private JobStatus knownJob(String jobId) {
    try {
      return core.status(jobId);
    } catch (BallistaException e) {
      if (e.kind() == BallistaException.Kind.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }
}
