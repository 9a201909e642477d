package org.ballista.runtime.join;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.JoinType;
import org.ballista.runtime.expr.VectorEvaluator;

/**
 * Equi-join (see {@link org.ballista.api.plan.PlanNode.HashJoin}): {@code leftKeys[i] =
 * rightKeys[i]} (NULL-safe where {@code nullSafe[i]}), plus an optional residual condition over the
 * left columns followed by the right columns, where NULL counts as not matched.
 *
 * <p>The RIGHT input is the build side: the first stream that needs it reads every right partition
 * one after another, concatenates the batches into one vector per needed column and builds a
 * {@link JoinHashTable}; all streams of this plan share that build (concurrent callers wait for
 * it). The build is released when the last open stream closes (a stream opened afterwards builds it
 * again). Its memory comes from a child of the root allocator (so it may outlive the task that
 * built it), named after this operator.
 *
 * <p>Output partitions: those of the left input (stream {@code p} probes left partition {@code p})
 * for INNER, LEFT, SEMI, ANTI and NULL_AWARE_ANTI; a single partition probing every left partition
 * in turn for RIGHT and FULL, which emit the unmatched build rows once at the end. Output rows come
 * in batches of at most {@code SessionConfig.batchSize()} rows.
 *
 * <p>NULL_AWARE_ANTI ({@code NOT IN}) ignores {@code nullSafe}; a row's key "is NULL" when any of
 * its key columns is NULL. With a residual condition, only the build rows for which the condition
 * holds take part: a probe row is dropped when one of them has an equal key or a NULL key, or when
 * its own key is NULL and at least one of them exists.
 */
public final class HashJoinExec implements ExecutionPlan {
  private final ExecutionPlan left;
  private final ExecutionPlan right;
  private final JoinType joinType;
  private final JoinKeys keys;
  private final String conditionText;
  private final JoinCondition condition;
  private final Schema outputSchema;
  private final boolean[] neededRight;
  private final SharedBuild<HashBuild> shared;

  /** A join whose residual {@code condition} (nullable) is compiled over the left-then-right schema. */
  public HashJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, int[] leftKeys, int[] rightKeys,
      boolean[] nullSafe, Expr condition, Schema outputSchema) {
    this(left, right, joinType, leftKeys, rightKeys, nullSafe,
        JoinCondition.compile(condition, left.schema(), right.schema()),
        condition == null ? null : condition.toString(), outputSchema);
  }

  /**
   * A join with an already compiled residual {@code condition} (nullable) that reads a batch of all
   * left columns followed by all right columns and returns a BitVector.
   */
  public HashJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, int[] leftKeys, int[] rightKeys,
      boolean[] nullSafe, VectorEvaluator condition, Schema outputSchema) {
    this(left, right, joinType, leftKeys, rightKeys, nullSafe,
        JoinCondition.of(condition, left.schema(), right.schema()),
        condition == null ? null : "<compiled>", outputSchema);
  }

  private HashJoinExec(ExecutionPlan left, ExecutionPlan right, JoinType joinType, int[] leftKeys, int[] rightKeys,
      boolean[] nullSafe, JoinCondition condition, String conditionText, Schema outputSchema) {
    this.left = Objects.requireNonNull(left, "left");
    this.right = Objects.requireNonNull(right, "right");
    this.joinType = Objects.requireNonNull(joinType, "joinType");
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    // NOT IN compares with plain SQL equality: a NULL key is unknown, never null-safe.
    boolean[] ns = joinType == JoinType.NULL_AWARE_ANTI || nullSafe == null ? new boolean[leftKeys.length] : nullSafe;
    this.keys = JoinKeys.of(left.schema(), right.schema(), leftKeys, rightKeys, ns);
    this.condition = condition;
    this.conditionText = conditionText;
    JoinPlans.checkOutputSchema("HashJoinExec", outputSchema, left.schema(), right.schema(), joinType);
    int nr = right.schema().getFields().size();
    boolean[] needed = new boolean[nr];
    for (int k : keys.rightColumns) {
      needed[k] = true;
    }
    if (joinType.outputsRight()) {
      java.util.Arrays.fill(needed, true);
    }
    if (condition != null) {
      for (int c : condition.rightColumns()) {
        needed[c] = true;
      }
    }
    this.neededRight = needed;
    String name = "HashJoinExec@" + Integer.toHexString(System.identityHashCode(this)) + "-build";
    this.shared = new SharedBuild<>(context -> HashBuild.build(right, context, keys, neededRight, name));
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

  /** How many times the build side has been built so far (for tests and metrics). */
  public int buildCount() {
    return shared.buildCount();
  }

  /** Whether a build side is currently held in memory. */
  public boolean holdsBuild() {
    return shared.isHeld();
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("HashJoinExec: type=").append(joinType).append(", on=[");
    for (int i = 0; i < keys.count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append("#").append(keys.leftColumns[i]).append(keys.nullSafe[i] ? " <=> " : " = ")
          .append("#").append(keys.rightColumns[i]);
    }
    sb.append("]");
    if (conditionText != null) {
      sb.append(", filter=").append(conditionText);
    }
    return sb.toString();
  }

  /** The build side of a hash join: the collected right input and the hash table over its keys. */
  static final class HashBuild implements JoinStream.JoinBuild {
    private final CollectedSide side;
    private final JoinHashTable table;

    private HashBuild(CollectedSide side, JoinHashTable table) {
      this.side = side;
      this.table = table;
    }

    static HashBuild build(ExecutionPlan right, TaskContext context, JoinKeys keys, boolean[] needed, String name) {
      CollectedSide side = CollectedSide.collect(right, context, needed, name);
      try {
        KeyBuffer buildKeys = new KeyBuffer(keys, false);
        FieldVector[] keyVectors = new FieldVector[keys.count];
        for (int c = 0; c < keys.count; c++) {
          keyVectors[c] = side.column(keys.rightColumns[c]);
        }
        buildKeys.load(keyVectors, side.rowCount());
        return new HashBuild(side, JoinHashTable.build(buildKeys));
      } catch (RuntimeException e) {
        side.close();
        throw e;
      }
    }

    @Override
    public CollectedSide side() {
      return side;
    }

    JoinHashTable table() {
      return table;
    }

    @Override
    public void close() {
      side.close();
    }
  }

  private final class Stream extends JoinStream<HashBuild> {
    Stream(TaskContext context, int[] probePartitions) {
      super(context, joinType, outputSchema, left.schema().getFields().size(), condition, shared, left,
          probePartitions);
    }

    @Override
    JoinStream.Candidates candidates(HashBuild build) {
      return new HashCandidates(keys, build.table(), build.side().rowCount(), firstMatchOnly(), skipMatched(),
          joinType == JoinType.NULL_AWARE_ANTI);
    }

    @Override
    boolean outputEmpty(HashBuild build) {
      boolean emptyBuild = build.side().rowCount() == 0;
      return switch (joinType) {
        case INNER, SEMI, RIGHT -> emptyBuild;
        case NULL_AWARE_ANTI -> condition == null && build.table().nullKeyRows().length > 0;
        default -> false;
      };
    }
  }
}
