package org.ballista.runtime.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * What the file scans share: a table's files split into at most {@code targetPartitions} groups
 * balanced by size (partition p reads group p), a projection checked against the table's columns,
 * and the output schema. Subclasses open the stream of one group.
 */
abstract class FileScanExec implements ExecutionPlan {
  protected final String tableName;
  protected final int[] projection;
  protected final Schema outputSchema;
  private final int fileCount;
  private final List<List<String>> groups;

  FileScanExec(String tableName, List<String> files, int tableColumns, int[] projection, Schema outputSchema,
      int targetPartitions) {
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.projection = projection.clone();
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    if (outputSchema.getFields().size() != projection.length) {
      throw BallistaException.internal("scan of " + tableName + ": " + projection.length
          + " projected columns but output schema has " + outputSchema.getFields().size(), null);
    }
    for (int c : projection) {
      if (c < 0 || c >= tableColumns) {
        throw BallistaException.internal("scan of " + tableName + ": column index " + c + " out of range", null);
      }
    }
    this.fileCount = files.size();
    this.groups = FileLists.balance(files, targetPartitions);
  }

  /** The stream over one group of files. */
  abstract BatchStream open(List<String> files, TaskContext context);

  /** The operator's name in {@link #describe()}. */
  abstract String label();

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(groups.size());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  /** The files read by each partition (for EXPLAIN and tests). */
  public List<List<String>> fileGroups() {
    return groups;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    Objects.checkIndex(partition, groups.size());
    return open(groups.get(partition), context);
  }

  @Override
  public String describe() {
    List<String> names = new ArrayList<>();
    for (Field f : outputSchema.getFields()) {
      names.add(f.getName());
    }
    return label() + ": " + tableName + " files=" + fileCount + " partitions=" + groups.size() + " projection=" + names;
  }
}
