package org.ballista.runtime.cluster;

import io.grpc.Attributes;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.TaskId;
import org.ballista.api.serde.PlanSerde;

/**
 * Checks of requests arriving over gRPC, shared by the scheduler's and the executor's services.
 * Every check either returns the (checked) value or throws a {@link StatusRuntimeException} with
 * {@link Status.Code#INVALID_ARGUMENT} whose description names the field and the problem, e.g.
 * {@code "job_id must be 1-200 characters of [A-Za-z0-9_.-] and not . or .., got '../x'"}.
 * Stateless; the limits are constants.
 */
final class RpcChecks {
  /** The longest id (job, executor, session) accepted. */
  static final int MAX_ID_LENGTH = 200;
  /** The most task slots an executor may announce. */
  static final int MAX_TASK_SLOTS = 4096;
  /** The largest {@code target_partitions} setting accepted. */
  static final int MAX_TARGET_PARTITIONS = 65_536;
  /** The largest {@code batch_size} setting accepted. */
  static final int MAX_BATCH_SIZE = 1 << 20;
  /** The longest job name or host name accepted. */
  static final int MAX_NAME_LENGTH = 1024;

  /** Job ids become directory names on executors: the same rule as ShufflePaths.jobDir. */
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_ID_LENGTH + "}");
  /** Executor ids and hosts: printable, no white space, no path or key separators. */
  private static final Pattern PLAIN = Pattern.compile("[\\x21-\\x7e&&[^/\\\\]]+");

  private RpcChecks() {}

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  private static String quoted(String value) {
    String v = value.length() > 60 ? value.substring(0, 60) + "...(" + value.length() + " characters)" : value;
    return "'" + v + "'";
  }

  /** A job id: 1-200 characters of {@code [A-Za-z0-9_.-]}, not {@code .} or {@code ..}. */
  static String jobId(String field, String value) {
    if (value.isEmpty()) {
      throw invalid(field + " is empty");
    }
    if (!JOB_ID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw invalid(field + " must be 1-" + MAX_ID_LENGTH + " characters of [A-Za-z0-9_.-] and not . or .., got "
          + quoted(value));
    }
    return value;
  }

  /** An executor id: 1-200 printable ASCII characters, no white space, no slash or backslash. */
  static String executorId(String field, String value) {
    if (value.isEmpty()) {
      throw invalid(field + " is empty");
    }
    if (value.length() > MAX_ID_LENGTH || !PLAIN.matcher(value).matches()) {
      throw invalid(field + " must be 1-" + MAX_ID_LENGTH
          + " printable ASCII characters without white space, / or \\, got " + quoted(value));
    }
    return value;
  }

  /** An optional free text (job name, session id) of at most {@code max} characters. */
  static String text(String field, String value, int max) {
    if (value.length() > max) {
      throw invalid(field + " is longer than " + max + " characters (" + value.length() + ")");
    }
    return value;
  }

  /** A port, given as a proto uint32 (so 2^31 and above arrive negative). */
  static int port(String field, int value, int min) {
    if (value < min || value > 65_535) {
      throw invalid(field + " must be in " + min + "..65535, got " + Integer.toUnsignedString(value));
    }
    return value;
  }

  /** A proto uint32 that must fit a non-negative Java int (stage, partition and attempt numbers). */
  static int nonNegative(String field, int value) {
    if (value < 0) {
      throw invalid(field + " is too large: " + Integer.toUnsignedString(value));
    }
    return value;
  }

  /** What an executor says about itself (RegisterExecutor, HeartBeat, PollWork). */
  static ExecutorMetadata executorMetadata(boolean present, ExecutorMetadata m) {
    if (!present) {
      throw invalid("metadata is missing");
    }
    executorId("metadata.executor_id", m.getExecutorId());
    if (m.getHost().isEmpty()) {
      throw invalid("metadata.host is empty");
    }
    if (m.getHost().length() > MAX_NAME_LENGTH || !PLAIN.matcher(m.getHost()).matches()) {
      throw invalid("metadata.host must be a host name or address, got " + quoted(m.getHost()));
    }
    port("metadata.flight_port", m.getFlightPort(), 1);
    port("metadata.grpc_port", m.getGrpcPort(), 0);
    int slots = m.getTaskSlots();
    if (slots < 1 || slots > MAX_TASK_SLOTS) {
      throw invalid("metadata.task_slots must be in 1.." + MAX_TASK_SLOTS + ", got " + Integer.toUnsignedString(slots));
    }
    return m;
  }

  /** A task id: a valid job id and stage, partition and attempt numbers that fit an int. */
  static TaskId taskId(String field, boolean present, TaskId id) {
    if (!present) {
      throw invalid(field + " is missing");
    }
    jobId(field + ".job_id", id.getJobId());
    nonNegative(field + ".stage_id", id.getStageId());
    nonNegative(field + ".stage_attempt", id.getStageAttempt());
    nonNegative(field + ".partition_id", id.getPartitionId());
    nonNegative(field + ".task_attempt", id.getTaskAttempt());
    return id;
  }

  /**
   * Session settings: only {@code target_partitions} (1..65536) and {@code batch_size} (1..2^20), as
   * decimal integers, and {@code job_timeout_seconds} (checked where it is applied); any other key is
   * refused, so a typo does not pass silently.
   */
  static Map<String, String> settings(String field, Map<String, String> settings) {
    for (Map.Entry<String, String> e : settings.entrySet()) {
      switch (e.getKey()) {
        case "target_partitions" -> intSetting(field, e.getKey(), e.getValue(), MAX_TARGET_PARTITIONS);
        case "batch_size" -> intSetting(field, e.getKey(), e.getValue(), MAX_BATCH_SIZE);
        case SchedulerCore.JOB_TIMEOUT_SECONDS -> {
          // checked by SchedulerCore.submit, which applies it
        }
        default -> throw invalid(field + ": unknown setting " + quoted(e.getKey())
            + " (known: target_partitions, batch_size, " + SchedulerCore.JOB_TIMEOUT_SECONDS + ")");
      }
    }
    return settings;
  }

  private static int intSetting(String field, String key, String value, int max) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(field + ": " + key + " must be an integer in 1.." + max + ", got " + quoted(value));
    }
    if (n < 1 || n > max) {
      throw invalid(field + ": " + key + " must be an integer in 1.." + max + ", got " + n);
    }
    return n;
  }

  /** Serialized plan bytes: present and decodable (PlanSerde); returns the plan. */
  static PlanNode plan(String field, com.google.protobuf.ByteString bytes) {
    if (bytes.isEmpty()) {
      throw invalid(field + " is empty");
    }
    try {
      return PlanSerde.deserialize(bytes.toByteArray());
    } catch (BallistaException e) {
      throw invalid(field + " cannot be decoded: " + e.getMessage());
    }
  }

  /**
   * The service's definition with every request parsed by the service layer: bytes that are not a
   * valid message of the method's request type (truncated, a wrong wire type, invalid UTF-8 in a
   * string) close the call with INVALID_ARGUMENT "malformed &lt;Method&gt; request: ..." (gRPC
   * alone answers UNKNOWN "Application error processing RPC"), and the service never sees them.
   * The methods receive the request's bytes and parse them with the method's own marshaller.
   */
  static ServerServiceDefinition rejectMalformed(BindableService service) {
    ServerServiceDefinition def = service.bindService();
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(def.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
      b.addMethod(parsedHere(m));
    }
    return b.build();
  }

  /** Reads a request's bytes as they are (bounded by the server's inbound message size). */
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
        throw Status.INTERNAL.withDescription("cannot read the request: " + e).asRuntimeException();
      }
    }
  };

  private static <Q, R> ServerMethodDefinition<byte[], R> parsedHere(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> typed = m.getMethodDescriptor();
    MethodDescriptor<byte[], R> raw = typed.toBuilder(BYTES, typed.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = m.getServerCallHandler();
    String name = typed.getBareMethodName();
    return ServerMethodDefinition.create(raw, (call, headers) -> {
      ServerCall.Listener<Q> delegate = handler.startCall(new TypedCall<>(call, typed), headers);
      return new ServerCall.Listener<byte[]>() {
        private boolean refused;

        @Override
        public void onMessage(byte[] bytes) {
          if (refused) {
            return;
          }
          Q request;
          try {
            request = typed.parseRequest(new ByteArrayInputStream(bytes));
          } catch (RuntimeException e) {
            refused = true;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            call.close(Status.INVALID_ARGUMENT.withDescription("malformed " + name + " request (" + bytes.length
                + " bytes): " + cause.getMessage()), new Metadata());
            return;
          }
          delegate.onMessage(request);
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            delegate.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          delegate.onCancel();
        }

        @Override
        public void onComplete() {
          delegate.onComplete();
        }

        @Override
        public void onReady() {
          delegate.onReady();
        }
      };
    });
  }

  /** A call receiving raw bytes, seen by the service's handler as one of its own request type. */
  private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
    private final ServerCall<byte[], R> raw;
    private final MethodDescriptor<Q, R> method;

    TypedCall(ServerCall<byte[], R> raw, MethodDescriptor<Q, R> method) {
      this.raw = raw;
      this.method = method;
    }

    @Override
    public void request(int numMessages) {
      raw.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      raw.sendHeaders(headers);
    }

    @Override
    public void sendMessage(R message) {
      raw.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return raw.isReady();
    }

    @Override
    public void close(Status status, Metadata trailers) {
      raw.close(status, trailers);
    }

    @Override
    public boolean isCancelled() {
      return raw.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      raw.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      raw.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      raw.setOnReadyThreshold(numBytes);
    }

    @Override
    public SecurityLevel getSecurityLevel() {
      return raw.getSecurityLevel();
    }

    @Override
    public Attributes getAttributes() {
      return raw.getAttributes();
    }

    @Override
    public String getAuthority() {
      return raw.getAuthority();
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }
}
