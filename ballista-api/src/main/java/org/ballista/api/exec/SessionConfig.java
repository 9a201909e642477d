package org.ballista.api.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a session that shape planning and execution.
 *
 * @param targetPartitions how many partitions scans and exchanges aim for (default: the number of cores)
 * @param batchSize the preferred number of rows in a batch operators produce
 * @param jobTimeout how long a query may run on a cluster before the scheduler fails it (whole
 *     seconds, rounded up; zero: the scheduler's own limit applies)
 */
public record SessionConfig(int targetPartitions, int batchSize, Duration jobTimeout) {
  public SessionConfig {
    if (targetPartitions < 1) {
      throw new IllegalArgumentException("targetPartitions must be >= 1, got " + targetPartitions);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    Objects.requireNonNull(jobTimeout, "jobTimeout");
    if (jobTimeout.isNegative()) {
      throw new IllegalArgumentException("jobTimeout must not be negative, got " + jobTimeout);
    }
  }

  /** Settings without a job timeout of their own. */
  public SessionConfig(int targetPartitions, int batchSize) {
    this(targetPartitions, batchSize, Duration.ZERO);
  }

  public static SessionConfig defaults() {
    return new SessionConfig(Runtime.getRuntime().availableProcessors(), 8192);
  }

  public SessionConfig withTargetPartitions(int n) {
    return new SessionConfig(n, batchSize, jobTimeout);
  }

  public SessionConfig withBatchSize(int n) {
    return new SessionConfig(targetPartitions, n, jobTimeout);
  }

  public SessionConfig withJobTimeout(Duration timeout) {
    return new SessionConfig(targetPartitions, batchSize, timeout);
  }
}
