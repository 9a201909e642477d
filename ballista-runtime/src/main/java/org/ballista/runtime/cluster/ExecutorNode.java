package org.ballista.runtime.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.ShuffleReaderNode;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.PollWorkParams;
import org.ballista.api.proto.rpc.PollWorkResult;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.api.proto.rpc.TaskDefinition;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.serde.PlanSerde;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.exec.StageInputs;
import org.ballista.runtime.session.MemoryTables;
import org.ballista.runtime.shuffle.ShuffleOutput;
import org.ballista.transport.flight.FlightShuffleServer;
import org.ballista.transport.flight.FlightShuffleTransport;
import org.ballista.transport.flight.LocalFirstShuffleTransport;

/**
 * An executor: a number of task slots, an Arrow Flight server for its shuffle files, and a loop
 * that polls the scheduler for work (pull mode), reporting finished tasks on the next poll. Each
 * task runs its stage plan for one partition under its own child allocator and writes shuffle files
 * under {@code workDir/jobId/stageId/...}.
 */
public final class ExecutorNode implements AutoCloseable {
  /** Settings of one executor. */
  public record Config(String executorId, String host, int flightPort, String schedulerHost, int schedulerPort,
      Path workDir, int taskSlots, boolean forceRemoteRead, long pollIntervalMillis, boolean push, int grpcPort) {
    /** Pull mode (no executor gRPC service). */
    public Config(String executorId, String host, int flightPort, String schedulerHost, int schedulerPort,
        Path workDir, int taskSlots, boolean forceRemoteRead, long pollIntervalMillis) {
      this(executorId, host, flightPort, schedulerHost, schedulerPort, workDir, taskSlots, forceRemoteRead,
          pollIntervalMillis, false, 0);
    }
  }

  private final Config config;
  private final BufferAllocator allocator;
  private final FlightShuffleServer flight;
  private final FlightShuffleTransport remote;
  private final ShuffleTransport transport;
  /** One channel per scheduler address; the executor talks to one and moves on when it stops answering. */
  private final List<ManagedChannel> channels = new ArrayList<>();
  private volatile int current;
  private volatile SchedulerGrpc.SchedulerBlockingStub scheduler;
  private final ExecutorService tasks;
  private final ExecutorService operatorThreads;
  private final Semaphore slots;
  private final ConcurrentLinkedQueue<TaskStatus> finished = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger completedTasks = new AtomicInteger();
  private final Thread poller;
  private io.grpc.Server grpc;
  private volatile String lastError;

  private ExecutorNode(Config config, BufferAllocator allocator) {
    this.config = config;
    this.allocator = allocator;
    this.flight = FlightShuffleServer.start(allocator, config.workDir(), config.host(), config.flightPort());
    this.remote = new FlightShuffleTransport(allocator);
    this.transport = new LocalFirstShuffleTransport(config.executorId(), config.workDir(), config.forceRemoteRead(), remote);
    // schedulerHost is one host (with schedulerPort) or a list "host:port,host:port"
    List<String> addresses = config.schedulerHost().contains(":")
        ? List.of(config.schedulerHost().split(",")) : List.of(config.schedulerHost() + ":" + config.schedulerPort());
    for (String address : addresses) {
      int colon = address.lastIndexOf(':');
      channels.add(NettyChannelBuilder.forAddress(address.substring(0, colon).trim(),
          Integer.parseInt(address.substring(colon + 1).trim())).usePlaintext().maxInboundMessageSize(64 << 20).build());
    }
    this.scheduler = SchedulerGrpc.newBlockingStub(channels.get(0));
    AtomicInteger n = new AtomicInteger();
    this.tasks = Executors.newFixedThreadPool(config.taskSlots(), r -> daemon(r, config.executorId() + "-task-" + n.incrementAndGet()));
    this.operatorThreads = Executors.newCachedThreadPool(r -> daemon(r, config.executorId() + "-op"));
    this.slots = new Semaphore(config.taskSlots());
    this.poller = daemon(this::pollLoop, config.executorId() + "-poll");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the executor: its Flight server, then polling. */
  public static ExecutorNode start(Config config, BufferAllocator allocator) {
    ExecutorNode node = new ExecutorNode(config, allocator);
    if (config.push()) {
      node.startExecutorService();
    }
    node.poller.start();
    return node;
  }

  /** Push mode: the Executor gRPC service through which the scheduler launches tasks. */
  private void startExecutorService() {
    grpc = new ExecutorRpcService(task -> tasks.submit(() -> report(run(task))), this::removeJobData)
        .start(config.host(), config.grpcPort(), ExecutorRpcService.DEFAULT_MAX_REQUEST_BYTES);
  }

  /** Push mode: sends a finished task's status at once (queued for the next heartbeat if that fails). */
  private void report(TaskStatus status) {
    try {
      scheduler.withDeadlineAfter(10, TimeUnit.SECONDS).updateTaskStatus(org.ballista.api.proto.rpc.UpdateTaskStatusParams
          .newBuilder().setExecutorId(config.executorId()).addTaskStatus(status).build());
    } catch (RuntimeException e) {
      finished.add(status);
      lastError = e.getMessage();
    }
  }

  public String id() {
    return config.executorId();
  }

  public int flightPort() {
    return flight.port();
  }

  public long bytesServed() {
    return flight.bytesServed();
  }

  public long bytesFetched() {
    return remote.bytesFetched();
  }

  public int completedTasks() {
    return completedTasks.get();
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  /** The last error talking to the scheduler, or null. */
  public String lastError() {
    return lastError;
  }

  private ExecutorMetadata metadata() {
    return ExecutorMetadata.newBuilder().setExecutorId(config.executorId()).setHost(config.host())
        .setFlightPort(flight.port()).setGrpcPort(grpc == null ? 0 : grpc.getPort()).setTaskSlots(config.taskSlots()).build();
  }

  /** Push mode: heartbeats (re-registering when the scheduler asks) and statuses that could not be sent. */
  private void heartbeatLoop() {
    boolean registered = false;
    while (running.get()) {
      try {
        if (!registered) {
          scheduler.withDeadlineAfter(10, TimeUnit.SECONDS).registerExecutor(
              org.ballista.api.proto.rpc.RegisterExecutorParams.newBuilder().setMetadata(metadata()).build());
          registered = true;
        }
        var result = scheduler.withDeadlineAfter(10, TimeUnit.SECONDS).heartBeat(
            org.ballista.api.proto.rpc.HeartBeatParams.newBuilder().setExecutorId(config.executorId())
                .setMetadata(metadata()).build());
        registered = !result.getReregister();
        List<TaskStatus> statuses = new ArrayList<>();
        TaskStatus s;
        while ((s = finished.poll()) != null) {
          statuses.add(s);
        }
        if (!statuses.isEmpty()) {
          scheduler.withDeadlineAfter(10, TimeUnit.SECONDS).updateTaskStatus(org.ballista.api.proto.rpc.UpdateTaskStatusParams
              .newBuilder().setExecutorId(config.executorId()).addAllTaskStatus(statuses).build());
        }
        lastError = null;
      } catch (RuntimeException e) {
        registered = false;
        lastError = e.getMessage();
      }
      try {
        Thread.sleep(Math.max(100, config.pollIntervalMillis() * 10));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void pollLoop() {
    if (config.push()) {
      heartbeatLoop();
      return;
    }
    while (running.get()) {
      List<TaskStatus> statuses = new ArrayList<>();
      TaskStatus s;
      while ((s = finished.poll()) != null) {
        statuses.add(s);
      }
      int free = slots.availablePermits();
      try {
        PollWorkResult result = scheduler.withDeadlineAfter(10, TimeUnit.SECONDS).pollWork(PollWorkParams.newBuilder()
            .setMetadata(metadata()).setFreeSlots(free).addAllTaskStatus(statuses).build());
        lastError = null;
        for (String job : result.getRemoveJobsList()) {
          removeJobData(job);
        }
        for (TaskDefinition task : result.getTasksList()) {
          slots.acquireUninterruptibly();
          tasks.submit(() -> {
            try {
              finished.add(run(task));
            } finally {
              slots.release();
            }
          });
        }
        if (!result.getTasksList().isEmpty() || !statuses.isEmpty()) {
          continue; // more work may be waiting
        }
      } catch (RuntimeException e) {
        finished.addAll(statuses); // report them on the next successful poll
        lastError = e.getMessage();
        failOver();
      }
      try {
        Thread.sleep(config.pollIntervalMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Moves to the next scheduler address (after a failed call). */
  private synchronized void failOver() {
    if (channels.size() > 1) {
      current = (current + 1) % channels.size();
      scheduler = SchedulerGrpc.newBlockingStub(channels.get(current));
    }
  }

  /** Tasks' contexts by job (dropped with the job's data), so a cancelled job's running tasks can be stopped. */
  private final Map<String, java.util.Set<TaskContext>> runningTasks = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Jobs whose data was removed, with when: a task of such a job arriving late (launched before the
   * removal) is cancelled at once. Entries are dropped after {@link #REMOVED_JOB_MEMORY_MS}.
   */
  private final Map<String, Long> removedJobs = new java.util.concurrent.ConcurrentHashMap<>();
  private static final long REMOVED_JOB_MEMORY_MS = 10 * 60_000;

  private void removeJobData(String jobId) {
    // Stop the job's running tasks first (they check cancellation between batches and delete the
    // files they were writing), then delete what the job left.
    long now = System.currentTimeMillis();
    removedJobs.values().removeIf(at -> at < now - REMOVED_JOB_MEMORY_MS);
    removedJobs.put(jobId, now);
    var contexts = runningTasks.remove(jobId);
    if (contexts != null) {
      contexts.forEach(TaskContext::cancel);
    }
    try {
      org.ballista.runtime.shuffle.ShuffleFiles.deleteJob(config.workDir(), jobId);
    } catch (RuntimeException e) {
      lastError = e.getMessage(); // retried never: a leftover directory is deleted with the work dir
    }
  }

  /** Job directories currently in this executor's work dir (for tests and metrics). */
  public List<String> jobDirectories() {
    try (var dirs = java.nio.file.Files.list(config.workDir())) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private TaskStatus run(TaskDefinition task) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setExecutorId(config.executorId());
    try {
      PlanNode.ShuffleWrite write = (PlanNode.ShuffleWrite) PlanSerde.deserialize(task.getPlan().toByteArray());
      Map<Integer, List<List<ShuffleLocation>>> inputs = new TreeMap<>();
      for (ShuffleReaderNode reader : task.getInputsList()) {
        inputs.put(reader.getStageId(), Locations.fromReader(reader));
      }
      SessionConfig session = SessionConfig.defaults()
          .withTargetPartitions(Integer.parseInt(task.getSessionSettingsOrDefault("target_partitions", "2")))
          .withBatchSize(Integer.parseInt(task.getSessionSettingsOrDefault("batch_size", "8192")));
      ExecutionPlanFactory factory = new ExecutionPlanFactory(session, operatorThreads, new MemoryTables());
      String jobId = task.getTaskId().getJobId();
      int partition = task.getTaskId().getPartitionId();
      StageInputs stageInputs = new StageInputs(jobId, config.workDir(), transport, inputs, partition);
      var writer = factory.createStage(write, stageInputs);
      try (BufferAllocator taskAllocator = allocator.newChildAllocator(
          jobId + "-" + write.stageId() + "-" + partition, 0, Long.MAX_VALUE)) {
        TaskContext context = new TaskContext(taskAllocator, session);
        if (removedJobs.containsKey(jobId)) {
          context.cancel();
        } else {
          runningTasks.computeIfAbsent(jobId, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(context);
        }
        try (BatchStream stream = writer.executeTask(factory.inputPartitionOf(write, partition), partition,
            task.getTaskId().getTaskAttempt(), context)) {
          VectorSchemaRoot batch;
          while ((batch = stream.next()) != null) {
            try (VectorSchemaRoot b = batch) {
              for (ShuffleOutput o : ShuffleOutput.fromBatch(b)) {
                status.addShuffleOutputs(Locations.toProto(jobId, write.stageId(), partition, o.outputPartition(),
                    o.toLocation(config.executorId(), config.host(), flight.port())));
              }
            }
          }
        } finally {
          runningTasks.computeIfPresent(jobId, (k, set) -> {
            set.remove(context);
            return set.isEmpty() ? null : set;
          });
        }
      }
      completedTasks.incrementAndGet();
      return status.setState(TaskStatus.State.SUCCESS).build();
    } catch (RuntimeException | Error e) {
      return status.setState(TaskStatus.State.FAILED).setFailure(TaskFailures.of(e)).build();
    }
  }

  @Override
  public void close() {
    running.set(false);
    poller.interrupt();
    tasks.shutdownNow();
    operatorThreads.shutdownNow();
    try {
      poller.join(5000);
      tasks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (grpc != null) {
      grpc.shutdownNow();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    transport.close();
    flight.close();
  }
}
