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

  private final Server server;
  private final SchedulerCore core;
  private final PushDispatcher push;

  private SchedulerServer(Server server, SchedulerCore core, PushDispatcher push) {
    this.server = server;
    this.core = core;
    this.push = push;
  }

  public static SchedulerServer start(String bindHost, int port, SchedulerCore core) {
    return start(bindHost, port, core, Policy.PULL);
  }

  public static SchedulerServer start(String bindHost, int port, SchedulerCore core, Policy policy) {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
        .addService(new SchedulerService(core))
        .maxInboundMessageSize(64 << 20)
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
