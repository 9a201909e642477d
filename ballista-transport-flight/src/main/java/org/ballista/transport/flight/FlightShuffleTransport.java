package org.ballista.transport.flight;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches shuffle files from {@link FlightShuffleServer}s with Flight {@code doGet}. Keeps one
 * {@link FlightClient} (one gRPC channel) per {@code host:port}, shared by concurrent fetches.
 *
 * <p>Received batches are moved into the fetching task's allocator: by ownership transfer when it
 * shares a root allocator with this transport's allocator (the normal case in an executor), by one
 * memory copy per buffer otherwise. A connection failure retires the cached client of that address
 * (it is closed once its open streams are closed), so the next fetch reconnects at once instead of
 * waiting out gRPC's reconnect back-off. Each fetch has a deadline ({@code fetchTimeout}) covering
 * the whole stream.
 */
public final class FlightShuffleTransport implements ShuffleTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FlightShuffleTransport.class);
  /** Default deadline of one fetch, whole stream included. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(10);

  private final BufferAllocator allocator;
  private final Duration fetchTimeout;
  private final ConcurrentHashMap<String, CachedClient> clients = new ConcurrentHashMap<>();
  private final LongAdder bytesFetched = new LongAdder();
  private final LongAdder batchesFetched = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param allocator parent of the clients' allocators (received messages land there before they
   *     move to the task); owned by the caller, to be closed after this transport and its streams
   * @param fetchTimeout deadline of one fetch, from the call to the end of its stream
   */
  public FlightShuffleTransport(BufferAllocator allocator, Duration fetchTimeout) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
    this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
    }
  }

  public FlightShuffleTransport(BufferAllocator allocator) {
    this(allocator, DEFAULT_FETCH_TIMEOUT);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The call starts at once; connection and not-found failures surface from the first {@code
   * next()} as {@link BallistaException} IO.
   */
  @Override
  public BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(context, "context");
    context.checkCancelled();
    CachedClient client = acquire(location.host(), location.port());
    try {
      FlightStream stream = client.client.getStream(new Ticket(location.path().getBytes(StandardCharsets.UTF_8)),
          CallOptions.timeout(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS));
      return new FlightFetchStream(stream, location, schema, context, this, client);
    } catch (RuntimeException e) {
      client.release();
      throw failure(location, e, client);
    }
  }

  /**
   * Asks the server at {@code host:port} to delete the shuffle files of {@code jobId}.
   *
   * @return the number of files removed (0 if the job had none there)
   * @throws BallistaException IO if the server cannot be reached or refuses
   */
  public long removeJob(String host, int port, String jobId) {
    CachedClient client = acquire(host, port);
    try {
      Iterator<Result> results = client.client.doAction(
          new Action(FlightShuffleServer.REMOVE_JOB, jobId.getBytes(StandardCharsets.UTF_8)),
          CallOptions.timeout(Math.min(fetchTimeout.toMillis(), 60_000), TimeUnit.MILLISECONDS));
      long removed = 0;
      while (results.hasNext()) {
        removed += Long.parseLong(new String(results.next().getBody(), StandardCharsets.UTF_8));
      }
      return removed;
    } catch (FlightRuntimeException e) {
      if (e.status().code() == FlightStatusCode.UNAVAILABLE) {
        retire(client);
      }
      throw new BallistaException(BallistaException.Kind.IO,
          "remove_job " + jobId + " on " + host + ":" + port + " failed: " + e.status().code() + " "
              + e.getMessage(), e);
    } finally {
      client.release();
    }
  }

  /** Arrow buffer bytes of all batches received so far. */
  public long bytesFetched() {
    return bytesFetched.sum();
  }

  /** Batches received so far. */
  public long batchesFetched() {
    return batchesFetched.sum();
  }

  /** Addresses with a live cached client (for tests and diagnostics). */
  int cachedClients() {
    return clients.size();
  }

  /**
   * Closes the cached clients: at once those without open streams, the others when their last
   * stream is closed. Fetching afterwards fails. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (CachedClient client : clients.values()) {
      clients.remove(client.address, client);
      client.retire();
    }
  }

  void recordBatch(long bytes) {
    bytesFetched.add(bytes);
    batchesFetched.increment();
  }

  /** Maps a Flight failure to the engine's exception; retires the client on connection loss. */
  BallistaException failure(ShuffleLocation location, RuntimeException e, CachedClient client) {
    if (e instanceof BallistaException be) {
      return be;
    }
    if (e instanceof FlightRuntimeException fe) {
      FlightStatusCode code = fe.status().code();
      if (code == FlightStatusCode.UNAVAILABLE) {
        retire(client);
      }
      String what = "shuffle fetch of " + location.path() + " from " + location.address()
          + " (executor " + location.executorId() + ") failed: " + code + " " + fe.status().description();
      BallistaException.Kind kind = switch (code) {
        case INVALID_ARGUMENT, UNIMPLEMENTED, UNAUTHENTICATED, UNAUTHORIZED -> BallistaException.Kind.INTERNAL;
        default -> BallistaException.Kind.IO;
      };
      return new BallistaException(kind, what, e);
    }
    return new BallistaException(BallistaException.Kind.IO, "shuffle fetch of " + location.path() + " from "
        + location.address() + " failed: " + e, e);
  }

  private CachedClient acquire(String host, int port) {
    String address = host + ":" + port;
    while (true) {
      if (closed.get()) {
        throw new BallistaException(BallistaException.Kind.INTERNAL, "shuffle transport is closed (fetch from "
            + address + ")");
      }
      CachedClient client = clients.computeIfAbsent(address, a -> new CachedClient(a,
          FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build()));
      if (client.acquire()) {
        if (closed.get()) {
          // close() may have missed a client created concurrently
          clients.remove(address, client);
          client.release();
          client.retire();
          continue;
        }
        return client;
      }
      clients.remove(address, client);
    }
  }

  private void retire(CachedClient client) {
    if (clients.remove(client.address, client)) {
      LOG.debug("retiring the Flight client of {} after a connection failure", client.address);
    }
    client.retire();
  }

  /**
   * A Flight client with a count of the streams using it; a retired client takes no new streams
   * and is closed when the last one is released.
   */
  static final class CachedClient {
    final String address;
    final FlightClient client;
    private int active;
    private boolean retired;
    private boolean closed;

    CachedClient(String address, FlightClient client) {
      this.address = address;
      this.client = client;
    }

    synchronized boolean acquire() {
      if (retired) {
        return false;
      }
      active++;
      return true;
    }

    void release() {
      boolean close;
      synchronized (this) {
        active--;
        close = retired && active == 0 && !closed;
        closed |= close;
      }
      if (close) {
        closeClient();
      }
    }

    void retire() {
      boolean close;
      synchronized (this) {
        retired = true;
        close = active == 0 && !closed;
        closed |= close;
      }
      if (close) {
        closeClient();
      }
    }

    private void closeClient() {
      try {
        client.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("closing the Flight client of {} failed", address, e);
      }
    }
  }
}
