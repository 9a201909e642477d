package org.ballista.runtime.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

/**
 * What a task of a stage needs beyond its plan: where to write its shuffle output, how to fetch
 * its inputs, and where the outputs of the stages it reads are.
 *
 * @param stageOutputs for each finished input stage, its locations by output partition
 * @param taskPartition the partition this task runs, or -1 to build the stage for inspection only
 */
public record StageInputs(
    String jobId, Path workDir, ShuffleTransport transport, Map<Integer, List<List<ShuffleLocation>>> stageOutputs,
    int taskPartition) {
  public StageInputs {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(transport, "transport");
    stageOutputs = Map.copyOf(stageOutputs);
  }

  public StageInputs forTask(int partition) {
    return new StageInputs(jobId, workDir, transport, stageOutputs, partition);
  }
}
