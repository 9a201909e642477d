package org.ballista.runtime.cluster;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.rpc.CancelJobParams;
import org.ballista.api.proto.rpc.CancelJobResult;
import org.ballista.api.proto.rpc.ExecuteQueryParams;
import org.ballista.api.proto.rpc.ExecuteQueryResult;
import org.ballista.api.proto.rpc.GetExecutorsMetadataParams;
import org.ballista.api.proto.rpc.GetExecutorsMetadataResult;
import org.ballista.api.proto.rpc.GetJobStatusParams;
import org.ballista.api.proto.rpc.GetJobStatusResult;
import org.ballista.api.proto.rpc.HeartBeatParams;
import org.ballista.api.proto.rpc.HeartBeatResult;
import org.ballista.api.proto.rpc.PollWorkParams;
import org.ballista.api.proto.rpc.PollWorkResult;
import org.ballista.api.proto.rpc.RegisterExecutorParams;
import org.ballista.api.proto.rpc.RegisterExecutorResult;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.api.serde.PlanSerde;

/** The scheduler's gRPC face: validates requests and maps errors to gRPC statuses. */
final class SchedulerService extends SchedulerGrpc.SchedulerImplBase {
  private final SchedulerCore core;

  SchedulerService(SchedulerCore core) {
    this.core = core;
  }

  private static <T> void answer(StreamObserver<T> observer, Supplier<T> body) {
    T result;
    try {
      result = body.get();
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
      if (!request.hasPlan()) {
        throw BallistaException.unsupported("the scheduler runs serialized plans: plan the SQL in the client session");
      }
      PlanNode plan = PlanSerde.deserialize(request.getPlan().toByteArray());
      String jobId = core.submit(plan, request.getJobName(), request.getSettingsMap());
      return ExecuteQueryResult.newBuilder().setJobId(jobId).setSessionId(request.getSessionId()).build();
    });
  }

  @Override
  public void getJobStatus(GetJobStatusParams request, StreamObserver<GetJobStatusResult> observer) {
    answer(observer, () -> GetJobStatusResult.newBuilder().setStatus(core.status(request.getJobId())).build());
  }

  @Override
  public void cancelJob(CancelJobParams request, StreamObserver<CancelJobResult> observer) {
    answer(observer, () -> CancelJobResult.newBuilder().setCancelled(core.cancel(request.getJobId())).build());
  }

  @Override
  public void cleanJobData(org.ballista.api.proto.rpc.CleanJobDataParams request,
      StreamObserver<org.ballista.api.proto.rpc.CleanJobDataResult> observer) {
    answer(observer, () -> {
      core.clean(request.getJobId());
      return org.ballista.api.proto.rpc.CleanJobDataResult.newBuilder().build();
    });
  }

  @Override
  public void getExecutorsMetadata(GetExecutorsMetadataParams request, StreamObserver<GetExecutorsMetadataResult> observer) {
    answer(observer, () -> GetExecutorsMetadataResult.newBuilder().addAllExecutors(core.executors()).build());
  }

  @Override
  public void registerExecutor(RegisterExecutorParams request, StreamObserver<RegisterExecutorResult> observer) {
    answer(observer, () -> {
      if (request.getMetadata().getExecutorId().isEmpty()) {
        throw BallistaException.unsupported("executor id is empty");
      }
      core.registerExecutor(request.getMetadata());
      return RegisterExecutorResult.newBuilder().setSuccess(true).build();
    });
  }

  @Override
  public void heartBeat(HeartBeatParams request, StreamObserver<HeartBeatResult> observer) {
    answer(observer, () -> {
      if (request.hasMetadata()) {
        core.registerExecutor(request.getMetadata());
      }
      return HeartBeatResult.newBuilder().build();
    });
  }

  @Override
  public void updateTaskStatus(org.ballista.api.proto.rpc.UpdateTaskStatusParams request,
      StreamObserver<org.ballista.api.proto.rpc.UpdateTaskStatusResult> observer) {
    answer(observer, () -> {
      core.updateTaskStatus(request.getExecutorId(), request.getTaskStatusList());
      return org.ballista.api.proto.rpc.UpdateTaskStatusResult.newBuilder().setSuccess(true).build();
    });
  }

  @Override
  public void pollWork(PollWorkParams request, StreamObserver<PollWorkResult> observer) {
    answer(observer, () -> {
      if (request.getMetadata().getExecutorId().isEmpty()) {
        throw BallistaException.unsupported("executor id is empty");
      }
      return PollWorkResult.newBuilder()
          .addAllTasks(core.poll(request.getMetadata(), request.getFreeSlots(), request.getTaskStatusList()))
          .addAllRemoveJobs(core.jobsToRemove(request.getMetadata().getExecutorId())).build();
    });
  }
}
