package org.ballista.transport.flight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an executor's Flight shuffle transport and server.
 *
 * @param executorId this executor's id: shuffle locations with this id are read from disk
 * @param workDir this executor's work dir (shuffle files are written and served under it)
 * @param forceRemote read even local shuffle files through Flight (single-host testing)
 * @param bindHost the address the shuffle server binds
 * @param port the shuffle server's port; 0 picks a free one
 * @param fetchTimeout deadline of one remote fetch, whole stream included
 */
public record FlightTransportConfig(String executorId, Path workDir, boolean forceRemote, String bindHost, int port,
    Duration fetchTimeout) {
  public static final String DEFAULT_BIND_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 50_051;

  public FlightTransportConfig {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (executorId.isBlank()) {
      throw new IllegalArgumentException("executorId must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("invalid shuffle server port: " + port);
    }
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
    }
  }

  /** The defaults: local-first, bind {@value #DEFAULT_BIND_HOST}:{@value #DEFAULT_PORT}, 10 min fetch. */
  public static FlightTransportConfig of(String executorId, Path workDir) {
    return new FlightTransportConfig(executorId, workDir, false, DEFAULT_BIND_HOST, DEFAULT_PORT,
        FlightShuffleTransport.DEFAULT_FETCH_TIMEOUT);
  }

  public FlightTransportConfig withForceRemote(boolean value) {
    return new FlightTransportConfig(executorId, workDir, value, bindHost, port, fetchTimeout);
  }

  public FlightTransportConfig withServerAddress(String host, int serverPort) {
    return new FlightTransportConfig(executorId, workDir, forceRemote, host, serverPort, fetchTimeout);
  }

  public FlightTransportConfig withFetchTimeout(Duration value) {
    return new FlightTransportConfig(executorId, workDir, forceRemote, bindHost, port, value);
  }
}
