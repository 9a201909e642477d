package org.ballista.runtime.shuffle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * The root of a map stage: task {@code p} (= {@code execute(p)}) runs input partition {@code p} and
 * writes its rows, partitioned for the consuming stage, into Arrow IPC files on local disk at
 * {@link ShufflePaths#dataFile}{@code (workDir, jobId, stageId, outputPartition, p, attempt)}.
 *
 * <ul>
 *   <li>With {@code hashKeys} given, rows go to output partition
 *       {@link HashPartitioner#partitionOf}{@code (hashKeys, outputPartitions)}; with {@code hashKeys}
 *       null or empty, nothing is repartitioned: output partition = input partition, and
 *       {@code outputPartitions} must equal the input's partition count — or be 1, and then every
 *       task writes partition 0 (the rows of all tasks meet in one partition).
 *   <li><b>Only output partitions that received rows get a file</b>; an output partition without a
 *       file (and without a row in the result) is empty. Zero-row input batches are skipped. A file
 *       holds one record batch per non-empty piece of an input batch, uncompressed, with the input's
 *       schema.
 *   <li>The returned stream does all the work in its first {@code next()} (reading the input to the
 *       end, between batches checking cancellation) and returns one batch of {@link
 *       ShuffleOutput#SCHEMA}: one row per written file, by output partition. Then it ends.
 *   <li>Files are created new ({@code CREATE_NEW}); a task attempt whose file exists fails with IO
 *       instead of overwriting it — retries must use a new attempt number ({@link #execute(int, int,
 *       TaskContext)}). On any failure (including cancellation) the files this attempt wrote are
 *       deleted before the error propagates.
 * </ul>
 */
public final class ShuffleWriterExec implements ExecutionPlan {
  private final String jobId;
  private final int stageId;
  private final ExecutionPlan input;
  private final int[] hashKeys;
  private final int outputPartitions;
  private final Path workDir;

  public ShuffleWriterExec(String jobId, int stageId, ExecutionPlan input, int[] hashKeys, int outputPartitions,
      Path workDir) {
    this.jobId = jobId;
    this.stageId = stageId;
    this.input = Objects.requireNonNull(input, "input");
    this.hashKeys = hashKeys == null ? new int[0] : hashKeys.clone();
    this.outputPartitions = outputPartitions;
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    ShufflePaths.stageDir(workDir, jobId, stageId); // validates the ids
    if (outputPartitions < 1) {
      throw new IllegalArgumentException("outputPartitions must be >= 1, got " + outputPartitions);
    }
    int columns = input.schema().getFields().size();
    for (int k : this.hashKeys) {
      if (k < 0 || k >= columns) {
        throw new IllegalArgumentException("hash key column " + k + " out of range for " + columns + " columns");
      }
    }
    int inputPartitions = input.outputPartitioning().partitionCount();
  }

  public String jobId() {
    return jobId;
  }

  public int stageId() {
    return stageId;
  }

  public ExecutionPlan input() {
    return input;
  }

  /** The hash key columns (empty: no repartitioning). */
  public int[] hashKeys() {
    return hashKeys.clone();
  }

  public int outputPartitions() {
    return outputPartitions;
  }

  public Path workDir() {
    return workDir;
  }

  /** The result schema, {@link ShuffleOutput#SCHEMA}. */
  @Override
  public Schema schema() {
    return ShuffleOutput.SCHEMA;
  }

  /** One partition (one map task) per input partition. */
  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(input.outputPartitioning().partitionCount());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  /** Attempt 0 of task {@code partition}. */
  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return execute(partition, 0, context);
  }

  /** Attempt {@code attempt} of task {@code partition}: its files are named with the attempt number. */
  public BatchStream execute(int partition, int attempt, TaskContext context) {
    return executeTask(partition, partition, attempt, context);
  }

  /**
   * Attempt {@code attempt} of task {@code task}, reading partition {@code inputPartition} of the
   * input. They differ when a task's plan was built for that task alone (its shuffle reads hold only
   * the task's partition, so the input has one partition while the task number names the files).
   */
  public BatchStream executeTask(int inputPartition, int task, int attempt, TaskContext context) {
    Objects.checkIndex(inputPartition, input.outputPartitioning().partitionCount());
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    if (hashKeys.length == 0 && outputPartitions != 1 && task >= outputPartitions) {
      throw new IllegalArgumentException("without hash keys task " + task + " writes its own output partition, but there are only "
          + outputPartitions);
    }
    return new WriterStream(inputPartition, task, attempt, context);
  }

  @Override
  public String describe() {
    return "ShuffleWriterExec: job=" + jobId + " stage=" + stageId
        + (hashKeys.length == 0 ? " partitioning=input" : " hash" + Arrays.toString(hashKeys))
        + " outputs=" + outputPartitions;
  }

  private List<ShuffleOutput> runTask(int partition, int task, int attempt, TaskContext context) {
    Schema schema = input.schema();
    PartitionFileWriter[] writers = new PartitionFileWriter[outputPartitions];
    List<ShuffleOutput> outputs = new ArrayList<>();
    boolean ok = false;
    try {
      try (BatchStream stream = input.execute(partition, context)) {
        while (true) {
          context.checkCancelled();
          VectorSchemaRoot batch = stream.next();
          if (batch == null) {
            break;
          }
          try (batch) {
            if (batch.getRowCount() == 0) {
              continue;
            }
            if (hashKeys.length == 0) {
              int target = outputPartitions == 1 ? 0 : task;
              writer(writers, target, task, attempt, schema, context).append(batch);
              continue;
            }
            int[] ids = HashPartitioner.partitionOf(batch, hashKeys, outputPartitions);
            VectorSchemaRoot[] parts = HashPartitioner.split(batch, ids, outputPartitions, context.allocator());
            try {
              for (int p = 0; p < outputPartitions; p++) {
                if (parts[p] != null) {
                  writer(writers, p, task, attempt, schema, context).append(parts[p]);
                }
              }
            } finally {
              HashPartitioner.closeAll(parts);
            }
          }
        }
      }
      for (int p = 0; p < outputPartitions; p++) {
        if (writers[p] != null) {
          PartitionFileWriter w = writers[p];
          writers[p] = null;
          outputs.add(w.finish());
        }
      }
      ok = true;
      return outputs;
    } finally {
      if (!ok) {
        for (PartitionFileWriter w : writers) {
          if (w != null) {
            w.abort();
          }
        }
        deleteFinished(outputs);
      }
    }
  }

  /** After a failure: removes the files this attempt had already finished (never another attempt's). */
  private void deleteFinished(List<ShuffleOutput> finished) {
    for (ShuffleOutput o : finished) {
      try {
        Files.deleteIfExists(workDir.resolve(o.path()));
      } catch (IOException ignored) {
        // best effort: unreported files are never read
      }
    }
  }

  private PartitionFileWriter writer(PartitionFileWriter[] writers, int outputPartition, int task, int attempt,
      Schema schema, TaskContext context) {
    PartitionFileWriter w = writers[outputPartition];
    if (w == null) {
      Path path = ShufflePaths.dataFile(workDir, jobId, stageId, outputPartition, task, attempt);
      String relative = workDir.relativize(path).toString().replace(java.io.File.separatorChar, '/');
      w = new PartitionFileWriter(path, relative, outputPartition, schema, context.allocator());
      writers[outputPartition] = w;
    }
    return w;
  }

  private final class WriterStream implements BatchStream {
    private final int partition;
    private final int task;
    private final int attempt;
    private final TaskContext context;
    private boolean done;

    WriterStream(int partition, int task, int attempt, TaskContext context) {
      this.partition = partition;
      this.task = task;
      this.attempt = attempt;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return ShuffleOutput.SCHEMA;
    }

    @Override
    public VectorSchemaRoot next() {
      if (done) {
        return null;
      }
      done = true;
      List<ShuffleOutput> outputs = runTask(partition, task, attempt, context);
      return ShuffleOutput.toBatch(outputs, context.allocator());
    }

    @Override
    public void close() {
      done = true;
    }
  }
}
