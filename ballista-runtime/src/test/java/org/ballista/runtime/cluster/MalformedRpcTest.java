package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.rpc.CancelJobParams;
import org.ballista.api.proto.rpc.CancelTasksParams;
import org.ballista.api.proto.rpc.CleanJobDataParams;
import org.ballista.api.proto.rpc.ExecuteQueryParams;
import org.ballista.api.proto.rpc.ExecutorGrpc;
import org.ballista.api.proto.rpc.ExecutorInfo;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.ExecutorStoppedParams;
import org.ballista.api.proto.rpc.GetExecutorsMetadataParams;
import org.ballista.api.proto.rpc.GetJobStatusParams;
import org.ballista.api.proto.rpc.HeartBeatParams;
import org.ballista.api.proto.rpc.LaunchMultiTaskParams;
import org.ballista.api.proto.rpc.LaunchTaskParams;
import org.ballista.api.proto.rpc.PollWorkParams;
import org.ballista.api.proto.rpc.RegisterExecutorParams;
import org.ballista.api.proto.rpc.RemoveJobDataParams;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.api.proto.rpc.StopExecutorParams;
import org.ballista.api.proto.rpc.TaskDefinition;
import org.ballista.api.proto.rpc.TaskId;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.proto.rpc.UpdateTaskStatusParams;
import org.ballista.api.serde.PlanSerde;
import org.ballista.runtime.format.OutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on every client-facing entry point of one push-mode cluster: every scheduler RPC and
 * every executor RPC gets truncated protobuf bytes and an oversized request, then unknown ids and
 * semantically bad values; the Flight shuffle server gets malformed and path-escaping tickets. Each
 * answer must be an error with the expected code and a message naming the problem; at the end the
 * cluster still answers a real query correctly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRpcTest {
  @TempDir
  static Path dir;

  private static LocalCluster cluster;
  private static ManagedChannel schedulerChannel;
  private static ManagedChannel executorChannel;
  private static ExecutorNode executor;
  private static BufferAllocator allocator;
  private static final String CSV_TABLE = "create external table t (k int, v bigint) stored as csv location '%s'";
  private static final String EXPECTED = "k,n,s\n0,100,24750\n1,100,24850\n2,100,24950\n3,100,25050\n4,100,25150\n";
  private static Path csv;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 500; i++) {
      sb.append(i % 5).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    cluster = LocalCluster.builder().executors(2).taskSlots(2).forceRemoteRead(true)
        .schedulingPolicy(SchedulerServer.Policy.PUSH)
        .config(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(64)).build();
    schedulerChannel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.schedulerPort()).usePlaintext().build();
    executor = cluster.executors().get(0);
    int grpcPort = 0;
    for (int i = 0; i < 500 && grpcPort == 0; i++) {
      for (ExecutorInfo info : scheduler().getExecutorsMetadata(GetExecutorsMetadataParams.getDefaultInstance())
          .getExecutorsList()) {
        if (info.getMetadata().getExecutorId().equals(executor.id())) {
          grpcPort = info.getMetadata().getGrpcPort();
        }
      }
      Thread.sleep(10);
    }
    assertTrue(grpcPort > 0, "executor registered with its gRPC port");
    executorChannel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    allocator = new RootAllocator();
  }

  @AfterAll
  static void stop() {
    if (schedulerChannel != null) {
      schedulerChannel.shutdownNow();
    }
    if (executorChannel != null) {
      executorChannel.shutdownNow();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (allocator != null) {
      allocator.close();
    }
  }

  // ---- helpers

  private static SchedulerGrpc.SchedulerBlockingStub scheduler() {
    return SchedulerGrpc.newBlockingStub(schedulerChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static ExecutorGrpc.ExecutorBlockingStub executorStub() {
    return ExecutorGrpc.newBlockingStub(executorChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Sends raw bytes as the request of {@code method} (its real full name). */
  private static byte[] rawCall(ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] request) {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method.getFullMethodName())
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request);
  }

  private static void assertRejected(Status.Code code, String messagePart, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), e.toString());
    String description = e.getStatus().getDescription();
    assertTrue(description != null && description.contains(messagePart),
        "expected a message containing '" + messagePart + "', got: " + e);
  }

  private static byte[] validPlan() {
    return PlanSerde.serialize(new PlanNode.Values(new Schema(List.of()), List.of(List.of())));
  }

  private static ExecutorMetadata metadata(String id) {
    return ExecutorMetadata.newBuilder().setExecutorId(id).setHost("127.0.0.1").setFlightPort(40_000)
        .setGrpcPort(40_001).setTaskSlots(2).build();
  }

  private static TaskId taskId(String jobId) {
    return TaskId.newBuilder().setJobId(jobId).setStageId(1).setPartitionId(0).build();
  }

  /** An empty message with a (valid) unknown field, so it has bytes to cut. */
  private static Message padded(Message empty) {
    return empty.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder().addField(15, UnknownFieldSet.Field
        .newBuilder().addLengthDelimited(ByteString.copyFromUtf8("padding-padding")).build()).build()).build();
  }

  /** One valid request per scheduler RPC; its last field is long, so cutting 3 bytes lands inside it. */
  private static Map<String, Message> schedulerSamples() {
    return Map.of(
        "ExecuteQuery", ExecuteQueryParams.newBuilder().setPlan(ByteString.copyFrom(validPlan()))
            .setJobName("a-job-name").build(),
        "GetJobStatus", GetJobStatusParams.newBuilder().setJobId("job-1-abcdefgh").build(),
        "CancelJob", CancelJobParams.newBuilder().setJobId("job-1-abcdefgh").build(),
        "CleanJobData", CleanJobDataParams.newBuilder().setJobId("job-1-abcdefgh").build(),
        "GetExecutorsMetadata", padded(GetExecutorsMetadataParams.getDefaultInstance()),
        "RegisterExecutor", RegisterExecutorParams.newBuilder().setMetadata(metadata("fake-executor")).build(),
        "HeartBeat", HeartBeatParams.newBuilder().setExecutorId("fake-executor").setMetadata(metadata("fake-executor"))
            .build(),
        "PollWork", PollWorkParams.newBuilder().setMetadata(metadata("fake-executor")).build(),
        "UpdateTaskStatus", UpdateTaskStatusParams.newBuilder().setExecutorId("executor-1")
            .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId("job-1-abcdefgh")).setState(TaskStatus.State.RUNNING))
            .build(),
        "ExecutorStopped", ExecutorStoppedParams.newBuilder().setExecutorId("fake-executor").setReason("shutting down")
            .build());
  }

  private static Map<String, Message> executorSamples() {
    return Map.of(
        "LaunchTask", LaunchTaskParams.newBuilder().addTasks(TaskDefinition.newBuilder().setTaskId(taskId("job-x")))
            .setSchedulerId("scheduler-1").build(),
        "LaunchMultiTask", LaunchMultiTaskParams.newBuilder().setSchedulerId("scheduler-1").build(),
        "CancelTasks", CancelTasksParams.newBuilder().addTaskIds(taskId("job-1-abcdefgh")).build(),
        "RemoveJobData", RemoveJobDataParams.newBuilder().setJobId("job-1-abcdefgh").build(),
        "StopExecutor", StopExecutorParams.newBuilder().setExecutorId("executor-1").setReason("stop please").build());
  }

  /** A request of exactly {@code size} bytes: one unknown length-delimited field (valid protobuf). */
  private static byte[] oversized(int size) throws IOException {
    int payload = size - 1 - CodedOutputStream.computeUInt32SizeNoTag(size);
    while (1 + CodedOutputStream.computeUInt32SizeNoTag(payload) + payload < size) {
      payload++;
    }
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeTag(15, 2);
    o.writeUInt32NoTag(payload);
    o.flush();
    assertEquals(size, o.getTotalBytesWritten() + payload, "oversized request size");
    return out;
  }

  /** Truncated and oversized bytes to every method of {@code service}; returns how many were checked. */
  private static int feedBrokenBytes(ServiceDescriptor service, Map<String, Message> samples, ManagedChannel channel,
      int limit) throws IOException {
    byte[] tooBig = oversized(limit + 1);
    int checked = 0;
    for (MethodDescriptor<?, ?> method : service.getMethods()) {
      String name = method.getBareMethodName();
      Message sample = samples.get(name);
      assertNotNull(sample, "no sample request for " + method.getFullMethodName() + ": add one");
      byte[] valid = sample.toByteArray();
      byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
      // the input really is malformed for the method's own parser
      assertThrows(StatusRuntimeException.class,
          () -> method.getRequestMarshaller().parse(new ByteArrayInputStream(truncated)), name);
      assertRejected(Status.Code.INVALID_ARGUMENT, "malformed " + name + " request",
          () -> rawCall(channel, method, truncated));
      assertRejected(Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size " + limit,
          () -> rawCall(channel, method, tooBig));
      checked++;
    }
    return checked;
  }

  // ---- tests

  @Test
  @Order(1)
  void everySchedulerRpcRejectsTruncatedAndOversizedRequests() throws IOException {
    int n = feedBrokenBytes(SchedulerGrpc.getServiceDescriptor(), schedulerSamples(), schedulerChannel,
        SchedulerServer.DEFAULT_MAX_REQUEST_BYTES);
    assertEquals(10, n);
  }

  @Test
  @Order(2)
  void everyExecutorRpcRejectsTruncatedAndOversizedRequests() throws IOException {
    int n = feedBrokenBytes(ExecutorGrpc.getServiceDescriptor(), executorSamples(), executorChannel,
        ExecutorRpcService.DEFAULT_MAX_REQUEST_BYTES);
    assertEquals(5, n);
  }

  @Test
  @Order(3)
  void unknownIdsAreNotFound() {
    String unknown = "job-999-unknown";
    assertRejected(Status.Code.NOT_FOUND, "unknown job id '" + unknown + "'",
        () -> scheduler().getJobStatus(GetJobStatusParams.newBuilder().setJobId(unknown).build()));
    assertRejected(Status.Code.NOT_FOUND, "unknown job id '" + unknown + "'",
        () -> scheduler().cancelJob(CancelJobParams.newBuilder().setJobId(unknown).build()));
    assertRejected(Status.Code.NOT_FOUND, "unknown job id '" + unknown + "'",
        () -> scheduler().cleanJobData(CleanJobDataParams.newBuilder().setJobId(unknown).build()));
    assertRejected(Status.Code.NOT_FOUND, "unknown executor 'no-such-executor'",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId("no-such-executor")
            .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId(unknown)).setState(TaskStatus.State.RUNNING))
            .build()));
    // documented: a status of a job the scheduler does not know is ignored, not an error
    assertTrue(scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId(executor.id())
        .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId(unknown)).setState(TaskStatus.State.RUNNING))
        .build()).getSuccess());
    // an unknown executor's heartbeat without metadata: the protocol's answer is "register again"
    assertTrue(scheduler().heartBeat(HeartBeatParams.newBuilder().setExecutorId("no-such-executor").build())
        .getReregister());
    assertFalse(scheduler().heartBeat(HeartBeatParams.newBuilder().setExecutorId(executor.id()).build())
        .getReregister());
    assertEquals(2, scheduler().getExecutorsMetadata(GetExecutorsMetadataParams.getDefaultInstance())
        .getExecutorsCount(), "no executor was registered by bad requests");
    // executor: removing a job it never saw is idempotent and deletes nothing
    List<String> before = executor.jobDirectories();
    executorStub().removeJobData(RemoveJobDataParams.newBuilder().setJobId(unknown).build());
    assertEquals(before, executor.jobDirectories());
  }

  @Test
  @Order(4)
  void schedulerRejectsBadValues() throws InterruptedException {
    ByteString plan = ByteString.copyFrom(validPlan());
    // ExecuteQuery
    assertRejected(Status.Code.INVALID_ARGUMENT, "no plan",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setJobName("x").build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "serialized plans",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setSql("select 1").build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "plan is empty",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(ByteString.EMPTY).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "plan cannot be decoded",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder()
            .setPlan(plan.substring(0, plan.size() - 2)).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "plan cannot be decoded",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder()
            .setPlan(ByteString.copyFrom("not a plan at all", StandardCharsets.UTF_8)).build()));
    for (String bad : List.of("abc", "0", "-4", "99999999999")) {
      assertRejected(Status.Code.INVALID_ARGUMENT, "target_partitions must be an integer in 1..",
          () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(plan)
              .putSettings("target_partitions", bad).build()));
    }
    assertRejected(Status.Code.INVALID_ARGUMENT, "batch_size must be an integer in 1..",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(plan)
            .putSettings("batch_size", "0").build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "unknown setting 'target_partition'",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(plan)
            .putSettings("target_partition", "4").build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_name is longer than",
        () -> scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(plan)
            .setJobName("n".repeat(5000)).build()));

    // job ids: empty, path-like, too long
    for (String bad : List.of("../../etc/passwd", "/etc/passwd", "..", "job 1", "j".repeat(300))) {
      assertRejected(Status.Code.INVALID_ARGUMENT, "job_id must be 1-200 characters",
          () -> scheduler().getJobStatus(GetJobStatusParams.newBuilder().setJobId(bad).build()));
      assertRejected(Status.Code.INVALID_ARGUMENT, "job_id must be 1-200 characters",
          () -> scheduler().cancelJob(CancelJobParams.newBuilder().setJobId(bad).build()));
      assertRejected(Status.Code.INVALID_ARGUMENT, "job_id must be 1-200 characters",
          () -> scheduler().cleanJobData(CleanJobDataParams.newBuilder().setJobId(bad).build()));
    }
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_id is empty",
        () -> scheduler().getJobStatus(GetJobStatusParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_id is empty",
        () -> scheduler().cancelJob(CancelJobParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_id is empty",
        () -> scheduler().cleanJobData(CleanJobDataParams.getDefaultInstance()));

    // executor metadata, through RegisterExecutor, PollWork and HeartBeat alike
    ExecutorMetadata ok = metadata("fake-executor");
    Map<ExecutorMetadata, String> badMetadata = Map.of(
        ok.toBuilder().setExecutorId("").build(), "metadata.executor_id is empty",
        ok.toBuilder().setExecutorId("has space").build(), "metadata.executor_id must be",
        ok.toBuilder().setExecutorId("x".repeat(201)).build(), "metadata.executor_id must be",
        ok.toBuilder().setHost("").build(), "metadata.host is empty",
        ok.toBuilder().setFlightPort(70_000).build(), "metadata.flight_port must be in 1..65535, got 70000",
        ok.toBuilder().setGrpcPort(-1).build(), "metadata.grpc_port must be in 0..65535, got 4294967295",
        ok.toBuilder().setTaskSlots(0).build(), "metadata.task_slots must be in 1..",
        ok.toBuilder().setTaskSlots(1_000_000).build(), "metadata.task_slots must be in 1..");
    badMetadata.forEach((m, message) -> {
      assertRejected(Status.Code.INVALID_ARGUMENT, message,
          () -> scheduler().registerExecutor(RegisterExecutorParams.newBuilder().setMetadata(m).build()));
      assertRejected(Status.Code.INVALID_ARGUMENT, message,
          () -> scheduler().pollWork(PollWorkParams.newBuilder().setMetadata(m).build()));
      assertRejected(Status.Code.INVALID_ARGUMENT, message,
          () -> scheduler().heartBeat(HeartBeatParams.newBuilder().setMetadata(m).build()));
    });
    assertRejected(Status.Code.INVALID_ARGUMENT, "metadata is missing",
        () -> scheduler().registerExecutor(RegisterExecutorParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "metadata is missing",
        () -> scheduler().pollWork(PollWorkParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "free_slots must be in 0..metadata.task_slots (2), got 5",
        () -> scheduler().pollWork(PollWorkParams.newBuilder().setMetadata(ok).setFreeSlots(5).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "executor_id is empty",
        () -> scheduler().heartBeat(HeartBeatParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "differs from metadata.executor_id",
        () -> scheduler().heartBeat(HeartBeatParams.newBuilder().setExecutorId("other").setMetadata(ok).build()));

    // task statuses
    assertRejected(Status.Code.INVALID_ARGUMENT, "executor_id is empty",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "task_status[0].task_id is missing",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId(executor.id())
            .addTaskStatus(TaskStatus.newBuilder().setState(TaskStatus.State.RUNNING)).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "task_status[0].task_id.job_id must be",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId(executor.id())
            .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId("../x")).setState(TaskStatus.State.RUNNING))
            .build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "task_status[0].state must be",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId(executor.id())
            .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId("job-1-x"))).build()));
    // a stage the (known) job does not have
    String jobId = scheduler().executeQuery(ExecuteQueryParams.newBuilder().setPlan(plan).setJobName("values")
        .build()).getJobId();
    assertEquals(jobId, scheduler().getJobStatus(GetJobStatusParams.newBuilder().setJobId(jobId).build())
        .getStatus().getJobId());
    assertRejected(Status.Code.INVALID_ARGUMENT, "names stage 99, which job " + jobId + " does not have",
        () -> scheduler().updateTaskStatus(UpdateTaskStatusParams.newBuilder().setExecutorId(executor.id())
            .addTaskStatus(TaskStatus.newBuilder().setTaskId(taskId(jobId).toBuilder().setStageId(99))
                .setState(TaskStatus.State.SUCCESS)).build()));
    assertEquals(2, scheduler().getExecutorsMetadata(GetExecutorsMetadataParams.getDefaultInstance())
        .getExecutorsCount(), "no executor was registered by bad requests");
    // the job itself runs to its end (so its tasks do not count in the next test)
    long deadline = System.currentTimeMillis() + 20_000;
    while (scheduler().getJobStatus(GetJobStatusParams.newBuilder().setJobId(jobId).build()).getStatus().getState()
        == org.ballista.api.proto.rpc.JobStatus.State.RUNNING && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(org.ballista.api.proto.rpc.JobStatus.State.COMPLETED, scheduler().getJobStatus(
        GetJobStatusParams.newBuilder().setJobId(jobId).build()).getStatus().getState());
  }

  @Test
  @Order(5)
  void executorRejectsBadValues() {
    ByteString plan = ByteString.copyFrom(validPlan());
    PlanNode values = PlanSerde.deserialize(validPlan());
    ByteString stagePlan = ByteString.copyFrom(PlanSerde.serialize(new PlanNode.ShuffleWrite(1, values, new int[0], 1)));
    // a valid task; every request below also has an invalid one, so none is launched
    TaskDefinition ok = TaskDefinition.newBuilder().setTaskId(taskId("job-7-abc")).setPlan(stagePlan).build();
    int completed = executor.completedTasks();
    assertRejected(Status.Code.INVALID_ARGUMENT, "no tasks",
        () -> executorStub().launchTask(LaunchTaskParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].task_id is missing",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder().clearTaskId()).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].task_id.job_id is empty",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder()
            .setTaskId(taskId(""))).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].task_id.job_id must be",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder()
            .setTaskId(taskId("../../etc"))).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].task_id.partition_id is too large",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder()
            .setTaskId(taskId("job-7-abc").toBuilder().setPartitionId(-1))).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[1].plan is empty",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok).addTasks(ok.toBuilder()
            .clearPlan()).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].plan cannot be decoded",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder()
            .setPlan(stagePlan.substring(0, stagePlan.size() - 2))).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].plan must be rooted at a ShuffleWrite, got Values",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder().setPlan(plan)).build()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "tasks[0].session_settings: target_partitions must be an integer",
        () -> executorStub().launchTask(LaunchTaskParams.newBuilder().addTasks(ok.toBuilder()
            .putSessionSettings("target_partitions", "abc")).build()));
    assertEquals(completed, executor.completedTasks(), "no task of a refused request ran");
    assertFalse(executor.jobDirectories().contains("job-7-abc"), "no task of a refused request ran");
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_id is empty",
        () -> executorStub().removeJobData(RemoveJobDataParams.getDefaultInstance()));
    assertRejected(Status.Code.INVALID_ARGUMENT, "job_id must be 1-200 characters",
        () -> executorStub().removeJobData(RemoveJobDataParams.newBuilder().setJobId("../../etc").build()));
    // not implemented RPCs say so (valid requests)
    assertRejected(Status.Code.UNIMPLEMENTED, "LaunchMultiTask",
        () -> executorStub().launchMultiTask(LaunchMultiTaskParams.getDefaultInstance()));
    assertRejected(Status.Code.UNIMPLEMENTED, "CancelTasks",
        () -> executorStub().cancelTasks(CancelTasksParams.getDefaultInstance()));
    assertRejected(Status.Code.UNIMPLEMENTED, "StopExecutor",
        () -> executorStub().stopExecutor(StopExecutorParams.getDefaultInstance()));
    assertRejected(Status.Code.UNIMPLEMENTED, "ExecutorStopped",
        () -> scheduler().executorStopped(ExecutorStoppedParams.getDefaultInstance()));
  }

  @Test
  @Order(6)
  void flightRejectsMalformedAndEscapingTickets() {
    try (FlightClient client = FlightClient.builder(allocator,
        Location.forGrpcInsecure("127.0.0.1", executor.flightPort())).build()) {
      Map<byte[], String> bad = Map.of(
          "../../etc/passwd".getBytes(StandardCharsets.UTF_8), "must not contain '..'",
          "/etc/passwd".getBytes(StandardCharsets.UTF_8), "must be relative to the work dir",
          "job-1/../../x".getBytes(StandardCharsets.UTF_8), "must not contain '..'",
          new byte[0], "empty shuffle path",
          new byte[] {(byte) 0xff, (byte) 0xfe, 0x2f}, "ticket is not a UTF-8 shuffle path");
      bad.forEach((ticket, message) -> {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> {
          try (FlightStream stream = client.getStream(new Ticket(ticket))) {
            stream.next();
          }
        });
        CallStatus status = e.status();
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, status.code(), e.toString());
        assertTrue(status.description().contains(message), e.toString());
      });
      FlightRuntimeException missing = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = client.getStream(new Ticket("job-1/0/0/none.arrow".getBytes(StandardCharsets.UTF_8)))) {
          stream.next();
        }
      });
      assertEquals(FlightStatusCode.NOT_FOUND, missing.status().code(), missing.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(100)
  void clusterStillServesAfterAllThat() throws IOException {
    assertEquals(2, scheduler().getExecutorsMetadata(GetExecutorsMetadataParams.getDefaultInstance())
        .getExecutorsCount());
    try (SessionContext ctx = cluster.session()) {
      ctx.sql(String.format(CSV_TABLE, csv));
      try (QueryResult r = ctx.sql("select k, count(*) as n, sum(v) as s from t group by k order by k").collect()) {
        StringBuilder out = new StringBuilder();
        OutputFormat.CSV.write(r, out, -1);
        assertEquals(EXPECTED, out.toString());
      }
    }
    assertTrue(cluster.executors().stream().allMatch(x -> x.lastError() == null || !x.lastError().contains("INTERNAL")),
        "executors talk to the scheduler without errors");
  }
}
