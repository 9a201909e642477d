package org.ballista.runtime.cluster;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.rpc.ExecuteQueryParams;
import org.ballista.api.proto.rpc.GetJobStatusParams;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.api.serde.PlanSerde;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.runtime.session.PlanRunner;
import org.ballista.runtime.session.QueryCancellation;
import org.ballista.runtime.session.QueryRunner;
import org.ballista.runtime.shuffle.ShuffleReaderExec;
import org.ballista.api.shuffle.ShuffleTransport;
import org.ballista.transport.flight.FlightShuffleTransport;

/**
 * Runs a session's plans on a cluster: submits the serialized plan to the scheduler, follows the
 * job until it ends, and fetches the result partitions from the executors over Arrow Flight.
 *
 * <p>A query stops when its {@link QueryCancellation} is cancelled or the thread running it is
 * interrupted: its job is cancelled on the scheduler (CancelJob: the executors stop its tasks and
 * delete its files) and {@code run} throws CANCELLED.
 */
public final class ClusterClient implements PlanRunner {
  private final List<String> addresses = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private volatile int current;
  private volatile String address;
  private volatile SchedulerGrpc.SchedulerBlockingStub scheduler;
  private final QueryRunner results = new QueryRunner();
  private final java.util.function.Function<BufferAllocator, ShuffleTransport> transports;
  private volatile ShuffleTransport transport;
  private volatile String lastJobId;

  public ClusterClient(String host, int port) {
    this(List.of(host + ":" + port));
  }

  /** A client of several schedulers of one cluster: it uses one and moves to the next when it stops answering. */
  public ClusterClient(List<String> schedulerAddresses) {
    this(schedulerAddresses, FlightShuffleTransport::new);
  }

  /** As above, reading result partitions through the transport {@code transports} makes (on first use). */
  ClusterClient(List<String> schedulerAddresses, java.util.function.Function<BufferAllocator, ShuffleTransport> transports) {
    this.transports = transports;
    for (String a : schedulerAddresses) {
      String addr = a.trim();
      int colon = addr.lastIndexOf(':');
      if (colon <= 0 || colon == addr.length() - 1) {
        throw new IllegalArgumentException("scheduler address must be host:port, got '" + addr + "'");
      }
      int port;
      try {
        port = Integer.parseInt(addr.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("scheduler port is not a number in '" + addr + "'");
      }
      addresses.add(addr);
      channels.add(NettyChannelBuilder.forAddress(addr.substring(0, colon), port).usePlaintext()
          .maxInboundMessageSize(64 << 20).build());
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no scheduler address");
    }
    this.address = addresses.get(0);
    this.scheduler = SchedulerGrpc.newBlockingStub(channels.get(0));
  }

  /** Parses {@code host:port} or {@code host:port,host:port,...}. */
  public static ClusterClient connect(String address) {
    return new ClusterClient(List.of(address.split(",")));
  }

  private synchronized void failOver() {
    current = (current + 1) % channels.size();
    address = addresses.get(current);
    scheduler = SchedulerGrpc.newBlockingStub(channels.get(current));
  }

  /** The id of the last job this client submitted (for status queries in tests and tools). */
  public String lastJobId() {
    return lastJobId;
  }

  /** Cancels a job: its running tasks stop and its shuffle files are deleted; false if it already ended. */
  public boolean cancel(String jobId) {
    try {
      return scheduler.withDeadlineAfter(30, TimeUnit.SECONDS)
          .cancelJob(org.ballista.api.proto.rpc.CancelJobParams.newBuilder().setJobId(jobId).build()).getCancelled();
    } catch (StatusRuntimeException e) {
      throw error(e);
    }
  }

  public JobStatus status(String jobId) {
    try {
      return scheduler.withDeadlineAfter(30, TimeUnit.SECONDS)
          .getJobStatus(GetJobStatusParams.newBuilder().setJobId(jobId).build()).getStatus();
    } catch (StatusRuntimeException e) {
      throw error(e);
    }
  }

  /**
   * Cancels a job, ignoring failures (the scheduler gone, the job ended). Usable on an interrupted
   * thread: the interrupt flag is cleared for the call (gRPC would abort it) and set again after.
   */
  private void cancelQuietly(String jobId) {
    boolean interrupted = Thread.interrupted();
    try {
      cancel(jobId);
    } catch (RuntimeException e) {
      // the job ended or the scheduler is unreachable: nothing more to stop from here
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many times a query runs when its result partitions are lost before they are read. */
  static final int RESULT_ATTEMPTS = 3;

  /**
   * {@inheritDoc}
   *
   * <p>If the executor holding a finished job's result partitions dies before they are read, the
   * query runs again (nothing was handed to the caller yet), up to {@value #RESULT_ATTEMPTS} times.
   */
  @Override
  public QueryResult run(PlanNode plan, BufferAllocator allocator, SessionConfig config,
      QueryCancellation cancellation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(plan, allocator, config, cancellation);
      } catch (BallistaException e) {
        if (attempt >= RESULT_ATTEMPTS || cancellation.isCancelled()
            || org.ballista.api.shuffle.ShuffleFetchException.find(e) == null) {
          throw e;
        }
        LOG.warn("results of job {} were lost before they were read ({}); running the query again", lastJobId,
            e.getMessage());
      }
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterClient.class);

  private QueryResult runOnce(PlanNode plan, BufferAllocator allocator, SessionConfig config,
      QueryCancellation cancellation) {
    String jobId = null;
    ExecuteQueryParams.Builder request = ExecuteQueryParams.newBuilder().setPlan(ByteString.copyFrom(PlanSerde.serialize(plan)));
    if (!config.jobTimeout().isZero()) {
      long seconds = (config.jobTimeout().toMillis() + 999) / 1000;
      request.putSettings(SchedulerCore.JOB_TIMEOUT_SECONDS, Long.toString(seconds));
    }
    ExecuteQueryParams params = request.build();
    for (int tries = 0; jobId == null; tries++) {
      cancellation.checkCancelled();
      try {
        jobId = scheduler.withDeadlineAfter(30, TimeUnit.SECONDS).executeQuery(params).getJobId();
      } catch (StatusRuntimeException e) {
        BallistaException b = error(e);
        if (b.kind() != BallistaException.Kind.IO || tries + 1 >= channels.size()) {
          throw b;
        }
        failOver();
      }
    }
    lastJobId = jobId;
    String submitted = jobId;
    try {
      cancellation.onCancel(() -> cancelQuietly(submitted));
      return fetch(jobId, await(jobId, cancellation), plan, allocator, config, cancellation);
    } finally {
      boolean interrupted = Thread.interrupted();
      try {
        scheduler.withDeadlineAfter(10, TimeUnit.SECONDS)
            .cleanJobData(org.ballista.api.proto.rpc.CleanJobDataParams.newBuilder().setJobId(jobId).build());
      } catch (StatusRuntimeException e) {
        // the scheduler is gone; executors delete their work dirs when they stop
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private QueryResult fetch(String jobId, JobStatus status, PlanNode plan, BufferAllocator allocator,
      SessionConfig config, QueryCancellation cancellation) {
    if (status.getState() != JobStatus.State.COMPLETED) {
      throw new BallistaException(status.getState() == JobStatus.State.CANCELLED ? BallistaException.Kind.CANCELLED
          : BallistaException.Kind.EXECUTION, "job " + jobId + " " + status.getState().name().toLowerCase()
          + ": " + status.getFailure().getMessage());
    }
    List<ShuffleLocation> locations = new ArrayList<>();
    for (PartitionLocation l : status.getResultPartitionsList()) {
      locations.add(Locations.fromProto(l));
    }
    Schema schema = plan.schema();
    ShuffleReaderExec reader = new ShuffleReaderExec(schema, List.of(locations), transport(allocator));
    return results.collect(reader, schema, allocator, config, cancellation);
  }

  private synchronized ShuffleTransport transport(BufferAllocator allocator) {
    if (transport == null) {
      transport = transports.apply(allocator);
    }
    return transport;
  }

  /** Stops a job its client no longer waits for, and says so. */
  private BallistaException cancelled(String jobId, String why) {
    cancelQuietly(jobId);
    return new BallistaException(BallistaException.Kind.CANCELLED, "job " + jobId + " cancelled: " + why);
  }

  private JobStatus await(String jobId, QueryCancellation cancellation) {
    long sleep = 2;
    long unreachableSince = 0;
    while (true) {
      if (cancellation.isCancelled()) {
        throw cancelled(jobId, "query cancelled");
      }
      JobStatus status;
      try {
        status = status(jobId);
        unreachableSince = 0;
      } catch (BallistaException e) {
        if (Thread.currentThread().isInterrupted()) {
          // gRPC aborts a call on an interrupted thread: that is the interrupt, not a lost scheduler
          throw cancelled(jobId, "interrupted while waiting for it");
        }
        // a scheduler briefly unreachable is retried for a while before the query fails
        if (e.kind() != BallistaException.Kind.IO) {
          throw e;
        }
        long now = System.currentTimeMillis();
        unreachableSince = unreachableSince == 0 ? now : unreachableSince;
        if (now - unreachableSince > 30_000) {
          throw e;
        }
        failOver();
        status = JobStatus.newBuilder().setState(JobStatus.State.RUNNING).build();
      }
      switch (status.getState()) {
        case COMPLETED, FAILED, CANCELLED -> {
          return status;
        }
        default -> {
        }
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw cancelled(jobId, "interrupted while waiting for it");
      }
      sleep = Math.min(50, sleep * 2);
    }
  }

  private BallistaException error(StatusRuntimeException e) {
    BallistaException.Kind kind = switch (e.getStatus().getCode()) {
      case NOT_FOUND -> BallistaException.Kind.NOT_FOUND;
      case INVALID_ARGUMENT -> BallistaException.Kind.PLANNING;
      // transport failures (a scheduler gone: refused, reset, "channel closed" reported as UNKNOWN)
      case UNAVAILABLE, DEADLINE_EXCEEDED, UNKNOWN, CANCELLED, ABORTED -> BallistaException.Kind.IO;
      default -> BallistaException.Kind.EXECUTION;
    };
    String detail = e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription();
    return new BallistaException(kind, "scheduler " + address + ": " + detail, e);
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
