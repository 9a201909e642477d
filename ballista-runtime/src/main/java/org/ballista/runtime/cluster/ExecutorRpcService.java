package org.ballista.runtime.cluster;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.rpc.ExecutorGrpc;
import org.ballista.api.proto.rpc.LaunchTaskParams;
import org.ballista.api.proto.rpc.LaunchTaskResult;
import org.ballista.api.proto.rpc.RemoveJobDataParams;
import org.ballista.api.proto.rpc.RemoveJobDataResult;
import org.ballista.api.proto.rpc.TaskDefinition;

/**
 * The executor's gRPC service (push mode): the scheduler launches tasks ({@code LaunchTask}) and
 * has finished jobs' files deleted ({@code RemoveJobData}). It validates requests and hands valid
 * ones to its callbacks; the other RPCs of the Executor service answer UNIMPLEMENTED.
 *
 * <p>Contract: a LaunchTask request is checked whole before any of its tasks starts, so it is
 * accepted or refused as one. It is refused with INVALID_ARGUMENT naming the task and field when it
 * has no task, a task without a task id, a job id that is not 1-200 characters of
 * {@code [A-Za-z0-9_.-]} (job ids become directory names), an empty or undecodable plan, a plan not
 * rooted at a ShuffleWrite, or a session setting that is unknown or out of range. A RemoveJobData
 * with such an invalid job id is INVALID_ARGUMENT; one for a job this executor never saw succeeds
 * (deleting is idempotent). Bytes that are not a valid request are INVALID_ARGUMENT, requests above
 * the server's size limit RESOURCE_EXHAUSTED. When the executor is shutting down, UNAVAILABLE.
 */
final class ExecutorRpcService extends ExecutorGrpc.ExecutorImplBase {
  /** The largest request the executor accepts by default (16 MiB). */
  static final int DEFAULT_MAX_REQUEST_BYTES = 16 << 20;

  private final Consumer<TaskDefinition> launch;
  private final Consumer<String> removeJob;

  /**
   * @param launch starts one (validated) task without waiting for it; it reports the task's status
   *     to the scheduler itself. May throw RejectedExecutionException when shutting down.
   * @param removeJob stops the job's running tasks and deletes its files (a validated job id)
   */
  ExecutorRpcService(Consumer<TaskDefinition> launch, Consumer<String> removeJob) {
    this.launch = Objects.requireNonNull(launch, "launch");
    this.removeJob = Objects.requireNonNull(removeJob, "removeJob");
  }

  /**
   * Starts a gRPC server with this service on {@code host:port} (0 = an ephemeral port).
   *
   * @throws BallistaException IO when the port cannot be bound
   */
  Server start(String host, int port, int maxRequestBytes) {
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be >= 1, got " + maxRequestBytes);
    }
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .maxInboundMessageSize(maxRequestBytes)
        .addService(RpcChecks.rejectMalformed(this))
        .build();
    try {
      return server.start();
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot start the executor service on "
          + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void launchTask(LaunchTaskParams request, StreamObserver<LaunchTaskResult> observer) {
    try {
      List<TaskDefinition> tasks = request.getTasksList();
      if (tasks.isEmpty()) {
        throw RpcChecks.invalid("no tasks in the request");
      }
      for (int i = 0; i < tasks.size(); i++) {
        check("tasks[" + i + "]", tasks.get(i));
      }
      for (TaskDefinition task : tasks) {
        launch.accept(task);
      }
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RejectedExecutionException e) {
      observer.onError(Status.UNAVAILABLE.withDescription("the executor is shutting down").asRuntimeException());
      return;
    } catch (RuntimeException e) {
      observer.onError(Status.INTERNAL.withDescription("cannot launch tasks: " + e).asRuntimeException());
      return;
    }
    observer.onNext(LaunchTaskResult.newBuilder().setSuccess(true).build());
    observer.onCompleted();
  }

  private static void check(String field, TaskDefinition task) {
    RpcChecks.taskId(field + ".task_id", task.hasTaskId(), task.getTaskId());
    RpcChecks.settings(field + ".session_settings", task.getSessionSettingsMap());
    PlanNode plan = RpcChecks.plan(field + ".plan", task.getPlan());
    if (!(plan instanceof PlanNode.ShuffleWrite)) {
      throw RpcChecks.invalid(field + ".plan must be rooted at a ShuffleWrite, got "
          + plan.getClass().getSimpleName());
    }
  }

  @Override
  public void removeJobData(RemoveJobDataParams request, StreamObserver<RemoveJobDataResult> observer) {
    try {
      removeJob.accept(RpcChecks.jobId("job_id", request.getJobId()));
    } catch (StatusRuntimeException e) {
      observer.onError(e);
      return;
    } catch (RuntimeException e) {
      observer.onError(Status.INTERNAL.withDescription("cannot remove job " + request.getJobId() + ": " + e)
          .asRuntimeException());
      return;
    }
    observer.onNext(RemoveJobDataResult.newBuilder().build());
    observer.onCompleted();
  }
}
