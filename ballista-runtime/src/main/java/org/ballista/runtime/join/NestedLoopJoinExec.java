package org.ballista.runtime.join;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.JoinType;
import org.ballista.runtime.expr.VectorEvaluator;

/**
 * A join without equality keys (see {@link org.ballista.api.plan.PlanNode.NestedLoopJoin}): every
 * (left row, right row) pair is tested against the optional {@code condition} (over the left
 * columns followed by the right columns; NULL counts as false). The right input is collected from
 * all its partitions and shared by the streams like {@link HashJoinExec}'s build side; each probe
 * batch is crossed with the right rows in chunks of at most {@code batchSize} pairs, on which the
 * condition is evaluated vectorized. Supports INNER, LEFT, SEMI, ANTI (output partitions of the
 * left input) and RIGHT, FULL (one output partition).
 */
public final class NestedLoopJoinExec implements ExecutionPlan {
  private final ExecutionPlan left;
  private final ExecutionPlan right;
  private final JoinType joinType;
  private final JoinCondition condition;
  private final String conditionText;
  private final Schema outputSchema;
  private final SharedBuild<Side> shared;

  public NestedLoopJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, Expr condition,
      Schema outputSchema) {
    this(left, right, joinType, JoinCondition.compile(condition, left.schema(), right.schema()),
        condition == null ? null : condition.toString(), outputSchema);
  }

  /** With a compiled condition (nullable) over all left columns followed by all right columns. */
  public NestedLoopJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, VectorEvaluator condition,
      Schema outputSchema) {
    this(left, right, joinType, JoinCondition.of(condition, left.schema(), right.schema()),
        condition == null ? null : "<compiled>", outputSchema);
  }

  private NestedLoopJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, JoinCondition condition,
      String conditionText, Schema outputSchema) {
    this.left = Objects.requireNonNull(left, "left");
    this.right = Objects.requireNonNull(right, "right");
    this.joinType = Objects.requireNonNull(joinType, "joinType");
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    if (joinType == JoinType.NULL_AWARE_ANTI) {
      throw BallistaException.unsupported("NestedLoopJoinExec does not support NULL_AWARE_ANTI (it has no keys)");
    }
    this.condition = condition;
    this.conditionText = conditionText;
    JoinPlans.checkOutputSchema("NestedLoopJoinExec", outputSchema, left.schema(), right.schema(), joinType);
    boolean[] needed = new boolean[right.schema().getFields().size()];
    if (joinType.outputsRight()) {
      java.util.Arrays.fill(needed, true);
    }
    if (condition != null) {
      for (int c : condition.rightColumns()) {
        needed[c] = true;
      }
    }
    String name = "NestedLoopJoinExec@" + Integer.toHexString(System.identityHashCode(this)) + "-build";
    this.shared = new SharedBuild<>(context -> new Side(CollectedSide.collect(right, context, needed, name)));
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return JoinPlans.outputPartitioning(left, joinType);
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(left, right);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    int[] probe = JoinPlans.probePartitions(left, joinType, partition, outputPartitioning().partitionCount());
    shared.register();
    try {
      return new Stream(context, probe);
    } catch (RuntimeException | Error e) {
      shared.unregister();
      throw e;
    }
  }

  /** How many times the right side has been collected so far. */
  public int buildCount() {
    return shared.buildCount();
  }

  @Override
  public String describe() {
    return "NestedLoopJoinExec: type=" + joinType + (conditionText == null ? "" : ", filter=" + conditionText);
  }

  private record Side(CollectedSide side) implements JoinStream.JoinBuild {
    @Override
    public void close() {
      side.close();
    }
  }

  /** Crosses each probe row with every build row, in probe-major order. */
  private static final class CrossCandidates implements JoinStream.Candidates {
    private final int buildRows;
    private final boolean firstOnly;
    private final boolean skipMatched;
    private int rows;
    private int p;
    private int b;

    CrossCandidates(int buildRows, boolean firstOnly, boolean skipMatched) {
      this.buildRows = buildRows;
      this.firstOnly = firstOnly;
      this.skipMatched = skipMatched;
    }

    @Override
    public void start(VectorSchemaRoot probe, int rows) {
      this.rows = rows;
      p = 0;
      b = 0;
    }

    @Override
    public int next(int[] outP, int[] outB, int max, boolean[] matched) {
      if (buildRows == 0) {
        return 0;
      }
      int n = 0;
      while (n < max && p < rows) {
        if (skipMatched && matched[p]) {
          p++;
          b = 0;
          continue;
        }
        if (firstOnly) {
          outP[n] = p;
          outB[n] = 0;
          n++;
          p++;
          continue;
        }
        int take = Math.min(max - n, buildRows - b);
        for (int k = 0; k < take; k++) {
          outP[n + k] = p;
          outB[n + k] = b + k;
        }
        n += take;
        b += take;
        if (b == buildRows) {
          p++;
          b = 0;
        }
      }
      return n;
    }
  }

  private final class Stream extends JoinStream<Side> {
    Stream(TaskContext context, int[] probePartitions) {
      super(context, joinType, outputSchema, left.schema().getFields().size(), condition, shared, left,
          probePartitions);
    }

    @Override
    JoinStream.Candidates candidates(Side build) {
      return new CrossCandidates(build.side().rowCount(), firstMatchOnly(), skipMatched());
    }

    @Override
    boolean outputEmpty(Side build) {
      boolean emptyBuild = build.side().rowCount() == 0;
      return switch (joinType) {
        case INNER, SEMI, RIGHT -> emptyBuild;
        default -> false;
      };
    }
  }
}
