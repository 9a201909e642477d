package org.ballista.runtime.cluster;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.ballista.api.BallistaException;

/** A running scheduler: the gRPC service on a port (0 = an ephemeral one). */
public final class SchedulerServer implements AutoCloseable {
  /** How tasks reach executors. */
  public enum Policy {
    /** Executors ask for tasks (PollWork), which doubles as their heartbeat. */
    PULL,
    /** The scheduler launches tasks on executors (LaunchTask); they report with UpdateTaskStatus. */
    PUSH
  }

  /**
   * The largest request the scheduler accepts by default (16 MiB); a larger one is answered
   * RESOURCE_EXHAUSTED without reaching the service, and the server keeps serving.
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 << 20;

  private final Server server;
  private final SchedulerCore core;
  private final PushDispatcher push;
  private volatile Thread ownership;

  private final Thread clock;

  private SchedulerServer(Server server, SchedulerCore core, PushDispatcher push) {
    this.server = server;
    this.core = core;
    this.push = push;
    this.clock = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          core.checkTimeouts(System.currentTimeMillis());
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(SchedulerServer.class).warn("timeout check failed", e);
        }
        try {
          Thread.sleep(CLOCK_PERIOD_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "scheduler-clock");
    clock.setDaemon(true);
    clock.start();
  }

  /** How often executor, job and client timeouts are checked. */
  private static final long CLOCK_PERIOD_MS = 250;

  /**
   * Joins job ownership with a lease of {@code ttl}: keeps the lease alive and takes over the jobs of
   * schedulers whose lease expired (for several schedulers on one etcd).
   */
  public SchedulerServer withOwnership(java.time.Duration ttl) {
    core.startOwnership(ttl);
    long period = Math.max(100, ttl.toMillis() / 3);
    Thread t = new Thread(() -> {
      long lastKeepAlive = 0;
      while (!Thread.currentThread().isInterrupted()) {
        long now = System.currentTimeMillis();
        if (now - lastKeepAlive >= period) {
          if (!core.keepAlive()) {
            try {
              core.startOwnership(ttl);
            } catch (RuntimeException e) {
              // the store is unreachable: try again next round
            }
          }
          lastKeepAlive = now;
        }
        core.takeOverOrphans();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "scheduler-ownership");
    t.setDaemon(true);
    t.start();
    ownership = t;
    return this;
  }

  public static SchedulerServer start(String bindHost, int port, SchedulerCore core) {
    return start(bindHost, port, core, Policy.PULL);
  }

  public static SchedulerServer start(String bindHost, int port, SchedulerCore core, Policy policy) {
    return start(bindHost, port, core, policy, DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * Starts a scheduler whose requests may be at most {@code maxRequestBytes} long (serialized);
   * malformed requests are answered INVALID_ARGUMENT (see {@link SchedulerService}).
   */
  public static SchedulerServer start(String bindHost, int port, SchedulerCore core, Policy policy,
      int maxRequestBytes) {
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be >= 1, got " + maxRequestBytes);
    }
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
        .addService(RpcChecks.rejectMalformed(new SchedulerService(core)))
        .maxInboundMessageSize(maxRequestBytes)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot start the scheduler on " + bindHost + ":" + port
          + ": " + e.getMessage(), e);
    }
    return new SchedulerServer(server, core, policy == Policy.PUSH ? new PushDispatcher(core) : null);
  }

  public int port() {
    return server.getPort();
  }

  public SchedulerCore core() {
    return core;
  }

  @Override
  public void close() {
    clock.interrupt();
    if (ownership != null) {
      ownership.interrupt();
    }
    if (push != null) {
      push.close();
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
