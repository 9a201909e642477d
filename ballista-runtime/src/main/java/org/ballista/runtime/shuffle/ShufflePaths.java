package org.ballista.runtime.shuffle;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where shuffle files live, as a pure function of their coordinates:
 *
 * <pre>
 * workDir/jobId/stageId/outputPartition/data-&lt;task&gt;-&lt;attempt&gt;.arrow
 * </pre>
 *
 * where {@code task} is the map task (the input partition of the writing stage) and {@code attempt}
 * its attempt number. Every attempt of every task has its own file, so a retry never overwrites (or
 * races with) the output of an earlier or concurrent attempt; all data of a job is under
 * {@link #jobDir} for cleanup. Nothing here touches the file system.
 */
public final class ShufflePaths {
  private ShufflePaths() {}

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  /** The file one attempt of one map task writes for one output partition. */
  public static Path dataFile(Path workDir, String jobId, int stageId, int outputPartition, int task, int attempt) {
    nonNegative("outputPartition", outputPartition);
    nonNegative("task", task);
    nonNegative("attempt", attempt);
    return stageDir(workDir, jobId, stageId)
        .resolve(Integer.toString(outputPartition))
        .resolve("data-" + task + "-" + attempt + ".arrow");
  }

  /** The directory of all shuffle output of stage {@code stageId} of the job. */
  public static Path stageDir(Path workDir, String jobId, int stageId) {
    nonNegative("stageId", stageId);
    return jobDir(workDir, jobId).resolve(Integer.toString(stageId));
  }

  /** The directory of all shuffle output of the job (delete it when the job ends). */
  public static Path jobDir(Path workDir, String jobId) {
    if (workDir == null) {
      throw new IllegalArgumentException("workDir must not be null");
    }
    if (jobId == null || !SAFE_ID.matcher(jobId).matches() || jobId.equals(".") || jobId.equals("..")) {
      throw new IllegalArgumentException("job id must be 1-200 characters of [A-Za-z0-9_.-] and not . or .., got "
          + (jobId == null ? "null" : "'" + jobId + "'"));
    }
    return workDir.resolve(jobId);
  }

  private static void nonNegative(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, got " + value);
    }
  }
}
