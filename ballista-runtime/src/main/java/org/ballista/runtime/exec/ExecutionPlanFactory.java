package org.ballista.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.TableSource;
import org.ballista.runtime.aggregate.HashAggregateExec;
import org.ballista.runtime.join.HashJoinExec;
import org.ballista.runtime.join.NestedLoopJoinExec;
import org.ballista.runtime.operators.CoalescePartitionsExec;
import org.ballista.runtime.operators.FilterExec;
import org.ballista.runtime.operators.LimitExec;
import org.ballista.runtime.operators.ProjectExec;
import org.ballista.runtime.operators.UnionExec;
import org.ballista.runtime.scan.CsvScanExec;
import org.ballista.runtime.scan.MemoryScanExec;
import org.ballista.runtime.scan.ParquetScanExec;
import org.ballista.runtime.scan.ValuesExec;
import org.ballista.api.BallistaException;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.runtime.session.MemoryTables;
import org.ballista.runtime.shuffle.ShuffleReaderExec;
import org.ballista.runtime.shuffle.ShuffleWriterExec;
import org.ballista.runtime.sort.SortExec;

/**
 * Turns the planner's {@link PlanNode} tree into executable operators for one process, choosing
 * partitioning: scans split into partitions, filters, projections and join probes run per
 * partition, aggregations run partial per partition then final, and the partitions meet where an
 * operator needs all rows (sort, limit, final aggregate).
 */
public final class ExecutionPlanFactory {
  private final SessionConfig config;
  private final ExecutorService executor;
  private final MemoryTables memoryTables;
  /** Set when building one stage of a distributed plan; null in the single-process mode. */
  private final StageInputs stage;

  public ExecutionPlanFactory(SessionConfig config, ExecutorService executor, MemoryTables memoryTables) {
    this(config, executor, memoryTables, null);
  }

  private ExecutionPlanFactory(SessionConfig config, ExecutorService executor, MemoryTables memoryTables,
      StageInputs stage) {
    this.config = config;
    this.executor = executor;
    this.memoryTables = memoryTables;
    this.stage = stage;
  }

  /**
   * The operators of one stage task: the stage's own partitioning is kept as planned (no partial /
   * final split or coalescing is added), its shuffle reads fetch the given input stages' outputs
   * (only partition {@code inputs.taskPartition()} of a hash-partitioned input, as a one-partition
   * plan; every partition of a broadcast one), and its root writes shuffle files. See {@link
   * #taskCount} and {@link #inputPartitionOf} for how to run it.
   */
  public ShuffleWriterExec createStage(PlanNode.ShuffleWrite write, StageInputs inputs) {
    ExecutionPlanFactory f = new ExecutionPlanFactory(config, executor, memoryTables, inputs);
    return new ShuffleWriterExec(inputs.jobId(), write.stageId(), f.build(write.input()), write.hashKeys(),
        write.outputPartitions(), inputs.workDir());
  }

  /** How many tasks a stage has: its hash-partitioned inputs' partitions, else its scans' partitions. */
  public int taskCount(PlanNode.ShuffleWrite write, StageInputs inputs) {
    int partitioned = partitionedReadPartitions(write.input());
    if (partitioned > 0) {
      return partitioned;
    }
    return createStage(write, inputs.forTask(-1)).children().get(0).outputPartitioning().partitionCount();
  }

  /** The input partition task {@code task} executes (0 when its plan holds only its own partition). */
  public int inputPartitionOf(PlanNode.ShuffleWrite write, int task) {
    return partitionedReadPartitions(write.input()) > 0 ? 0 : task;
  }

  /** The most partitions of the stage's non-broadcast shuffle reads (0 when it has none). */
  private static int partitionedReadPartitions(PlanNode node) {
    if (node instanceof PlanNode.ShuffleRead r) {
      return r.broadcast() ? 0 : r.partitions();
    }
    int most = 0;
    for (PlanNode child : node.children()) {
      most = Math.max(most, partitionedReadPartitions(child));
    }
    return most;
  }

  private ExecutionPlan shuffleRead(PlanNode.ShuffleRead read) {
    List<List<ShuffleLocation>> outputs = stage.stageOutputs().get(read.stageId());
    if (outputs == null) {
      throw BallistaException.internal("stage " + read.stageId() + " has no outputs yet", null);
    }
    List<List<ShuffleLocation>> partitions = new ArrayList<>();
    if (read.broadcast()) {
      List<ShuffleLocation> all = new ArrayList<>();
      outputs.forEach(all::addAll);
      partitions.add(all);
    } else if (stage.taskPartition() >= 0) {
      // A task of a hash-partitioned stage sees only its own partition (its plan has one partition).
      int p = stage.taskPartition();
      partitions.add(p < outputs.size() ? outputs.get(p) : List.of());
    } else {
      for (int p = 0; p < read.partitions(); p++) {
        partitions.add(p < outputs.size() ? outputs.get(p) : List.of());
      }
    }
    return new ShuffleReaderExec(read.schema(), partitions, stage.transport());
  }

  /** The executable plan with a single output partition. */
  public ExecutionPlan create(PlanNode plan) {
    return coalesce(build(plan));
  }

  private ExecutionPlan coalesce(ExecutionPlan plan) {
    if (plan.outputPartitioning().partitionCount() <= 1 || stage != null) {
      return plan;
    }
    return new CoalescePartitionsExec(plan, executor);
  }

  private ExecutionPlan build(PlanNode node) {
    if (node instanceof PlanNode.Scan scan) {
      return scan(scan);
    }
    if (node instanceof PlanNode.Values values) {
      return new ValuesExec(values.schema(), values.rows());
    }
    if (node instanceof PlanNode.Filter filter) {
      return new FilterExec(build(filter.input()), filter.predicate());
    }
    if (node instanceof PlanNode.Project project) {
      return new ProjectExec(build(project.input()), project.exprs(), project.schema());
    }
    if (node instanceof PlanNode.Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (node instanceof PlanNode.HashJoin join) {
      // The build side is read in full before probing: run its partitions in parallel.
      return new HashJoinExec(build(join.left()), coalesce(build(join.right())), join.joinType(), join.leftKeys(),
          join.rightKeys(), join.nullSafe(), join.condition(), join.schema());
    }
    if (node instanceof PlanNode.NestedLoopJoin join) {
      return new NestedLoopJoinExec(build(join.left()), coalesce(build(join.right())), join.joinType(), join.condition(),
          join.schema());
    }
    if (node instanceof PlanNode.Sort sort) {
      return new SortExec(coalesce(build(sort.input())), sort.keys(), sort.offset(), sort.fetch());
    }
    if (node instanceof PlanNode.Window window) {
      return window(window);
    }
    if (node instanceof PlanNode.Limit limit) {
      return new LimitExec(coalesce(build(limit.input())), limit.offset(), limit.fetch());
    }
    if (node instanceof PlanNode.ShuffleRead read && stage != null) {
      return shuffleRead(read);
    }
    if (node instanceof PlanNode.Union union) {
      List<ExecutionPlan> inputs = new ArrayList<>();
      for (PlanNode in : union.inputs()) {
        inputs.add(build(in));
      }
      ExecutionPlan all = new UnionExec(inputs, union.schema());
      if (stage != null && stage.taskPartition() >= 0 && all.outputPartitioning().partitionCount() > 1) {
        // a task of a hash-partitioned stage holds its own partition of every input: all of it is the task's
        return new CoalescePartitionsExec(all, executor);
      }
      return all;
    }
    throw BallistaException.unsupported("no operator for " + node.getClass().getSimpleName());
  }

  /**
   * Window functions: the rows of a window partition must meet in one partition (in a stage the
   * distributed planner hash-partitioned them on the partition keys; in one process the input is
   * coalesced), sorted by the partition keys then the order keys.
   */
  private ExecutionPlan window(PlanNode.Window window) {
    ExecutionPlan input = coalesce(build(window.input()));
    List<org.ballista.api.plan.SortKey> keys = new ArrayList<>();
    for (int k : window.partitionKeys()) {
      keys.add(new org.ballista.api.plan.SortKey(k, true, true));
    }
    keys.addAll(window.orderKeys());
    ExecutionPlan sorted = keys.isEmpty() ? input : new SortExec(input, keys);
    return new org.ballista.runtime.window.WindowExec(sorted, window.partitionKeys(), window.orderKeys(), window.calls(),
        window.schema());
  }

  private ExecutionPlan scan(PlanNode.Scan scan) {
    TableSource source = scan.source();
    if (source instanceof TableSource.Parquet parquet) {
      return new ParquetScanExec(scan.tableName(), parquet, scan.projection(), scan.schema(), config.targetPartitions());
    }
    if (source instanceof TableSource.Csv csv) {
      return new CsvScanExec(scan.tableName(), csv, scan.projection(), scan.schema(), config.batchSize(),
          config.targetPartitions());
    }
    TableSource.Memory memory = (TableSource.Memory) source;
    return new MemoryScanExec(memory.schema(), memoryTables.batches(memory.id()), scan.projection(), scan.schema(),
        config.targetPartitions());
  }

  private ExecutionPlan aggregate(PlanNode.Aggregate aggregate) {
    ExecutionPlan input = build(aggregate.input());
    boolean anyDistinct = aggregate.aggregates().stream().anyMatch(AggregateCall::distinct);
    if (input.outputPartitioning().partitionCount() <= 1 || anyDistinct || aggregate.mode() != AggregateMode.SINGLE
        || stage != null) {
      return new HashAggregateExec(coalesce(input), aggregate.groupKeys(), aggregate.aggregates(), aggregate.mode(),
          aggregate.schema());
    }
    Schema partialSchema = HashAggregateExec.partialSchema(input.schema(), aggregate.groupKeys(), aggregate.aggregates());
    ExecutionPlan partial = new HashAggregateExec(input, aggregate.groupKeys(), aggregate.aggregates(),
        AggregateMode.PARTIAL, partialSchema);
    int[] finalKeys = new int[aggregate.groupKeys().length];
    for (int i = 0; i < finalKeys.length; i++) {
      finalKeys[i] = i;
    }
    List<AggregateCall> finalCalls = HashAggregateExec.finalCalls(aggregate.groupKeys(), aggregate.aggregates());
    return new HashAggregateExec(coalesce(partial), finalKeys, finalCalls, AggregateMode.FINAL, aggregate.schema());
  }
}
