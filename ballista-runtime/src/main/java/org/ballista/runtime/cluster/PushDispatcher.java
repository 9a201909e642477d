package org.ballista.runtime.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ballista.api.proto.rpc.ExecutorGrpc;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.LaunchTaskParams;
import org.ballista.api.proto.rpc.RemoveJobDataParams;
import org.ballista.api.proto.rpc.TaskDefinition;

/**
 * Push scheduling: a loop on the scheduler that hands pending tasks to executors with free slots
 * through their {@code LaunchTask} RPC, and tells them to delete finished jobs' files
 * ({@code RemoveJobData}). Executors report back through {@code UpdateTaskStatus}.
 */
final class PushDispatcher implements AutoCloseable {
  private final SchedulerCore core;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  PushDispatcher(SchedulerCore core) {
    this.core = core;
    this.thread = new Thread(this::loop, "scheduler-push");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private ExecutorGrpc.ExecutorBlockingStub stub(ExecutorMetadata m) {
    ManagedChannel channel = channels.computeIfAbsent(m.getExecutorId(),
        id -> NettyChannelBuilder.forAddress(m.getHost(), m.getGrpcPort()).usePlaintext().maxInboundMessageSize(64 << 20).build());
    return ExecutorGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private void loop() {
    while (running) {
      boolean launched = false;
      for (Map.Entry<String, List<TaskDefinition>> e : core.assignToFreeSlots().entrySet()) {
        ExecutorMetadata m = core.executor(e.getKey());
        try {
          stub(m).launchTask(LaunchTaskParams.newBuilder().addAllTasks(e.getValue()).build());
          launched = true;
        } catch (io.grpc.StatusRuntimeException ex) {
          if (ex.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
            // the executor refused the tasks as invalid: launching them again would loop forever
            core.updateTaskStatus(e.getKey(), refused(e.getKey(), e.getValue(), ex));
          } else {
            core.launchFailed(e.getKey(), e.getValue());
          }
        } catch (RuntimeException ex) {
          core.launchFailed(e.getKey(), e.getValue());
        }
      }
      for (var executor : core.executors()) {
        for (String job : core.jobsToRemove(executor.getMetadata().getExecutorId())) {
          try {
            stub(executor.getMetadata()).removeJobData(RemoveJobDataParams.newBuilder().setJobId(job).build());
          } catch (RuntimeException ex) {
            // the executor deletes its work dir when it stops
          }
        }
      }
      if (!launched) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** FAILED statuses (not retryable) for tasks an executor refused as invalid. */
  private static List<org.ballista.api.proto.rpc.TaskStatus> refused(String executorId, List<TaskDefinition> tasks,
      io.grpc.StatusRuntimeException e) {
    String message = "executor " + executorId + " refused the task: " + e.getStatus().getDescription();
    return tasks.stream().map(t -> org.ballista.api.proto.rpc.TaskStatus.newBuilder().setTaskId(t.getTaskId())
        .setExecutorId(executorId).setState(org.ballista.api.proto.rpc.TaskStatus.State.FAILED)
        .setFailure(org.ballista.api.proto.rpc.Failure.newBuilder().setMessage(message)
            .setKind(org.ballista.api.proto.rpc.Failure.Kind.INTERNAL).setRetryable(false))
        .build()).toList();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
