package org.ballista.runtime.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler's fault-tolerance and lifecycle limits.
 *
 * @param executorTimeout an executor not heard from (poll or heartbeat) for this long is lost: its
 *     running tasks run again elsewhere and the shuffle outputs it held are recomputed
 * @param taskMaxAttempts how many times one task may fail with a retryable error (I/O, its executor
 *     lost, out of memory) before its job fails; a deterministic error (a SQL or type error, a
 *     division by zero) fails the job at once
 * @param stageMaxAttempts how many times a stage's outputs may be lost and recomputed (fetch failures)
 *     before its job fails
 * @param jobTimeout a job still running this long after it was submitted fails (zero: no limit);
 *     a job's own {@code job_timeout_seconds} setting overrides it
 * @param clientTimeout a running job whose client has not asked for its status for this long is
 *     cancelled (the client is gone), and a finished job's shuffle files are deleted when its client
 *     has not fetched them within this time
 * @param finishedJobRetention how long a finished job's status is kept (in memory and in the state
 *     backend) after it ended
 */
public record SchedulerSettings(Duration executorTimeout, int taskMaxAttempts, int stageMaxAttempts,
    Duration jobTimeout, Duration clientTimeout, Duration finishedJobRetention) {

  public SchedulerSettings {
    Objects.requireNonNull(executorTimeout, "executorTimeout");
    Objects.requireNonNull(jobTimeout, "jobTimeout");
    Objects.requireNonNull(clientTimeout, "clientTimeout");
    Objects.requireNonNull(finishedJobRetention, "finishedJobRetention");
    if (executorTimeout.isNegative() || executorTimeout.isZero()) {
      throw new IllegalArgumentException("executor timeout must be positive: " + executorTimeout);
    }
    if (taskMaxAttempts < 1 || stageMaxAttempts < 1) {
      throw new IllegalArgumentException("attempt limits must be at least 1: task " + taskMaxAttempts
          + ", stage " + stageMaxAttempts);
    }
    if (jobTimeout.isNegative()) {
      throw new IllegalArgumentException("job timeout must not be negative: " + jobTimeout);
    }
    if (clientTimeout.isNegative() || clientTimeout.isZero()) {
      throw new IllegalArgumentException("client timeout must be positive: " + clientTimeout);
    }
    if (finishedJobRetention.isNegative()) {
      throw new IllegalArgumentException("finished-job retention must not be negative: " + finishedJobRetention);
    }
  }

  /**
   * Executors lost after 30 s of silence, 4 attempts per task and per stage (as Spark), no job
   * timeout, clients gone after 5 minutes (as Trino), finished jobs kept for an hour.
   */
  public static SchedulerSettings defaults() {
    return new SchedulerSettings(Duration.ofSeconds(30), 4, 4, Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1));
  }

  public SchedulerSettings withExecutorTimeout(Duration d) {
    return new SchedulerSettings(d, taskMaxAttempts, stageMaxAttempts, jobTimeout, clientTimeout, finishedJobRetention);
  }

  public SchedulerSettings withTaskMaxAttempts(int n) {
    return new SchedulerSettings(executorTimeout, n, stageMaxAttempts, jobTimeout, clientTimeout, finishedJobRetention);
  }

  public SchedulerSettings withStageMaxAttempts(int n) {
    return new SchedulerSettings(executorTimeout, taskMaxAttempts, n, jobTimeout, clientTimeout, finishedJobRetention);
  }

  public SchedulerSettings withJobTimeout(Duration d) {
    return new SchedulerSettings(executorTimeout, taskMaxAttempts, stageMaxAttempts, d, clientTimeout, finishedJobRetention);
  }

  public SchedulerSettings withClientTimeout(Duration d) {
    return new SchedulerSettings(executorTimeout, taskMaxAttempts, stageMaxAttempts, jobTimeout, d, finishedJobRetention);
  }

  public SchedulerSettings withFinishedJobRetention(Duration d) {
    return new SchedulerSettings(executorTimeout, taskMaxAttempts, stageMaxAttempts, jobTimeout, clientTimeout, d);
  }
}
