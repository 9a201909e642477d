package org.ballista.transport.flight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.ballista.api.BallistaException;
import org.ballista.api.shuffle.ShuffleServer;

/**
 * An Arrow Flight server over one executor's work dir. {@code doGet} with a ticket holding a file
 * path relative to the work dir (UTF-8) streams that Arrow IPC file's batches with the file's
 * schema; a ticket that is not UTF-8, an absolute path, a {@code ..} segment or a path leaving the
 * work dir fails with INVALID_ARGUMENT, a missing file with NOT_FOUND (the message names the path). {@code doAction}
 * {@value #REMOVE_JOB} with a job id body deletes {@code workDir/jobId} and returns the number of
 * files removed (as decimal text); it is idempotent.
 *
 * <p>Streams follow gRPC flow control: no thread waits for a slow client, and a cancelled stream
 * (client close, client deadline, lost connection) closes its file at once. Counters are
 * cumulative over the server's life.
 */
public final class FlightShuffleServer implements ShuffleServer {
  /** The action that deletes one job's shuffle files. */
  public static final String REMOVE_JOB = "remove_job";

  private final BufferAllocator allocator;
  private final FlightServer server;
  private final ShuffleFlightProducer producer;
  private final Path workDir;
  private final String host;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FlightShuffleServer(BufferAllocator allocator, FlightServer server, ShuffleFlightProducer producer,
      Path workDir, String host) {
    this.allocator = allocator;
    this.server = server;
    this.producer = producer;
    this.workDir = workDir;
    this.host = host;
  }

  /**
   * Starts a listening server.
   *
   * @param allocator parent of the server's own child allocator (closed with the server); the
   *     caller keeps owning it and must close the server first
   * @param workDir the directory served; created if missing
   * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
   * @param port the port to bind; 0 picks a free one ({@link #port()} tells which)
   * @throws BallistaException IO if the work dir cannot be created or the port cannot be bound
   */
  public static FlightShuffleServer start(BufferAllocator allocator, Path workDir, String host, int port) {
    Objects.requireNonNull(allocator, "allocator");
    Objects.requireNonNull(host, "host");
    Path dir = workDir.toAbsolutePath().normalize();
    BufferAllocator own = allocator.newChildAllocator("flight-shuffle-server", 0, Long.MAX_VALUE);
    try {
      Files.createDirectories(dir);
      ShuffleFlightProducer producer = new ShuffleFlightProducer(own, dir);
      FlightServer server = FlightServer.builder(own, Location.forGrpcInsecure(host, port), producer).build();
      server.start();
      return new FlightShuffleServer(own, server, producer, dir, host);
    } catch (IOException | RuntimeException e) {
      own.close();
      throw new BallistaException(BallistaException.Kind.IO,
          "cannot start the shuffle server on " + host + ":" + port + " for " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int port() {
    return server.getPort();
  }

  public String host() {
    return host;
  }

  public Path workDir() {
    return workDir;
  }

  /** Arrow buffer bytes of all batches sent so far. */
  public long bytesServed() {
    return producer.bytesServed();
  }

  /** Batches sent so far. */
  public long batchesServed() {
    return producer.batchesServed();
  }

  /** Streams sent to their end. */
  public long streamsCompleted() {
    return producer.streamsCompleted();
  }

  /** Streams being sent now. */
  public int activeStreams() {
    return producer.activeStreams();
  }

  /** Streams cancelled (by the client, its deadline, or the server's close) before their end. */
  public long streamsCancelled() {
    return producer.streamsCancelled();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // end the running streams first (their clients get UNAVAILABLE), so the gRPC server's graceful
    // shutdown does not wait for stalled clients; then once more for calls that raced with it
    producer.closeStreams();
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.closeStreams();
      allocator.close();
    }
  }

  @Override
  public String toString() {
    return "FlightShuffleServer[" + host + ":" + (closed.get() ? "closed" : port()) + " " + workDir + "]";
  }
}
