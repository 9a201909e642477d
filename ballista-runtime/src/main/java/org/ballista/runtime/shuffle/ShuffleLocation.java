package org.ballista.runtime.shuffle;

import java.util.Objects;

/**
 * Where one shuffle file of an output partition is and how big it is: written by executor
 * {@code executorId}, served by its Flight endpoint {@code host:port}, stored at {@code path} on
 * that executor's disk.
 */
public record ShuffleLocation(String executorId, String host, int port, String path, long numRows, long numBytes) {
  public ShuffleLocation {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    if (numRows < 0 || numBytes < 0) {
      throw new IllegalArgumentException("negative size in shuffle location " + path);
    }
  }
}
