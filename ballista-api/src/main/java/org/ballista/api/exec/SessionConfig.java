package org.ballista.api.exec;

/**
 * Settings of a session that shape planning and execution.
 *
 * @param targetPartitions how many partitions scans and exchanges aim for (default: the number of cores)
 * @param batchSize the preferred number of rows in a batch operators produce
 */
public record SessionConfig(int targetPartitions, int batchSize) {
  public SessionConfig {
    if (targetPartitions < 1) {
      throw new IllegalArgumentException("targetPartitions must be >= 1, got " + targetPartitions);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
  }

  public static SessionConfig defaults() {
    return new SessionConfig(Runtime.getRuntime().availableProcessors(), 8192);
  }

  public SessionConfig withTargetPartitions(int n) {
    return new SessionConfig(n, batchSize);
  }

  public SessionConfig withBatchSize(int n) {
    return new SessionConfig(targetPartitions, n);
  }
}
