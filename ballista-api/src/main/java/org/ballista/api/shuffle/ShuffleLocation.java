package org.ballista.api.shuffle;

import java.util.Objects;

/**
 * Where one shuffle output file lives: the executor that wrote it, the address of that executor's
 * shuffle server, and the file's path <em>relative to that executor's work dir</em>, with forward
 * slashes (layout {@code jobId/stageId/outputPartition/data-<task>-<attempt>.arrow}). Absolute
 * paths and {@code ..} segments are rejected by the servers and transports that resolve it.
 *
 * @param executorId the id of the executor that wrote (and serves) the file
 * @param host the host of that executor's shuffle server
 * @param port the port of that executor's shuffle server (1-65535), or 0 when the output is only
 *     read in the process that wrote it
 * @param path the file path relative to that executor's work dir
 * @param numRows rows in the file (statistics, ≥ 0)
 * @param numBytes Arrow buffer bytes of the file's batches (statistics, ≥ 0)
 */
public record ShuffleLocation(String executorId, String host, int port, String path, long numRows, long numBytes) {
  public ShuffleLocation {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("invalid shuffle server port " + port + " for " + path);
    }
    if (numRows < 0 || numBytes < 0) {
      throw new IllegalArgumentException("negative statistics for " + path + ": rows=" + numRows + " bytes=" + numBytes);
    }
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host + ":" + port;
  }
}
