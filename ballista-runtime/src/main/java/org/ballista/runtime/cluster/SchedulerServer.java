package org.ballista.runtime.cluster;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.ballista.api.BallistaException;

/** A running scheduler: the gRPC service on a port (0 = an ephemeral one). */
public final class SchedulerServer implements AutoCloseable {
  private final Server server;
  private final SchedulerCore core;

  private SchedulerServer(Server server, SchedulerCore core) {
    this.server = server;
    this.core = core;
  }

  public static SchedulerServer start(String bindHost, int port, SchedulerCore core) {
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
    return new SchedulerServer(server, core);
  }

  public int port() {
    return server.getPort();
  }

  public SchedulerCore core() {
    return core;
  }

  @Override
  public void close() {
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
