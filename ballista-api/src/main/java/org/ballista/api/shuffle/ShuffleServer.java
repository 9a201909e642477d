package org.ballista.api.shuffle;

/**
 * Serves the shuffle files under one executor's work dir to other executors and clients.
 * Implementations are started, on a work dir, by their factory; a started server is listening.
 */
public interface ShuffleServer extends AutoCloseable {
  /** The port the server listens on (the actual one when it was started on port 0). */
  int port();

  /** Stops accepting calls, ends the running ones, releases resources. Idempotent. */
  @Override
  void close();
}
