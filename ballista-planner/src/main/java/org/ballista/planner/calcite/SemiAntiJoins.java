package org.ballista.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Recognizes the shapes decorrelation leaves for NOT EXISTS / NOT IN and turns them into anti
 * joins, and drops the DISTINCT aggregate below the existence side of semi and anti joins.
 *
 * <p>{@code Filter(x IS NULL, Join LEFT(main, sub))} where {@code x} is a non-nullable column of
 * {@code sub} keeps exactly the main rows with no match: an anti join, whose sub columns are all
 * NULL. The mirrored RIGHT join shape is handled the same way.
 */
final class SemiAntiJoins {
  private SemiAntiJoins() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalFilter filter) {
        RelNode visited = super.visit(filter);
        if (visited instanceof LogicalFilter f && f.getInput() instanceof LogicalJoin join) {
          RelNode anti = toAnti(f, join);
          if (anti != null) {
            return anti;
          }
        }
        return visited;
      }

      @Override
      public RelNode visit(LogicalJoin join) {
        RelNode visited = super.visit(join);
        if (visited instanceof LogicalJoin j
            && (j.getJoinType() == JoinRelType.SEMI || j.getJoinType() == JoinRelType.ANTI)) {
          return stripDistinct(j);
        }
        return visited;
      }
    });
  }

  private static RelNode toAnti(LogicalFilter filter, LogicalJoin join) {
    JoinRelType type = join.getJoinType();
    if (type != JoinRelType.LEFT && type != JoinRelType.RIGHT) {
      return null;
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    int total = join.getRowType().getFieldCount();
    boolean subIsRight = type == JoinRelType.LEFT;
    RelNode sub = subIsRight ? join.getRight() : join.getLeft();
    int subStart = subIsRight ? leftCount : 0;
    int subEnd = subIsRight ? total : leftCount;
    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
    int markerConjunct = -1;
    for (int i = 0; i < conjuncts.size(); i++) {
      RexNode c = conjuncts.get(i);
      if (c.getKind() == SqlKind.IS_NULL && ((RexCall) c).getOperands().get(0) instanceof RexInputRef ref
          && ref.getIndex() >= subStart && ref.getIndex() < subEnd
          && !sub.getRowType().getFieldList().get(ref.getIndex() - subStart).getType().isNullable()) {
        markerConjunct = i;
        break;
      }
    }
    if (markerConjunct < 0) {
      return null;
    }
    RexBuilder rex = join.getCluster().getRexBuilder();
    RelNode main = subIsRight ? join.getLeft() : join.getRight();
    RexNode condition = join.getCondition();
    if (!subIsRight) {
      // Make main the left input: swap the field references of the condition.
      int rightCount = total - leftCount;
      condition = shift(condition, i -> i < leftCount ? i + rightCount : i - leftCount);
    }
    LogicalJoin anti = LogicalJoin.create(main, sub, join.getHints(), condition, join.getVariablesSet(), JoinRelType.ANTI);
    RelNode strippedAnti = stripDistinct(anti);
    // Rebuild the original row: main columns as they are, sub columns as NULLs.
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int mainCount = main.getRowType().getFieldCount();
    for (RelDataTypeField field : join.getRowType().getFieldList()) {
      int i = field.getIndex();
      boolean isSub = i >= subStart && i < subEnd;
      if (isSub) {
        exprs.add(rex.makeNullLiteral(field.getType()));
      } else {
        int mainIndex = subIsRight ? i : i - leftCount;
        exprs.add(rex.makeInputRef(main.getRowType().getFieldList().get(mainIndex).getType(), mainIndex));
      }
      names.add(field.getName());
    }
    assert mainCount > 0;
    RelNode project = LogicalProject.create(strippedAnti, List.of(), exprs, names, java.util.Set.of());
    List<RexNode> rest = new ArrayList<>(conjuncts);
    rest.remove(markerConjunct);
    if (rest.isEmpty()) {
      return project;
    }
    return LogicalFilter.create(project, RexUtil.composeConjunction(rex, rest));
  }

  /**
   * For a semi/anti join whose right input is a DISTINCT (an aggregate without calls, possibly
   * under a projection of its columns and constants), joins the aggregate's input directly: the
   * existence of a match does not change.
   */
  private static RelNode stripDistinct(LogicalJoin join) {
    RelNode right = join.getRight();
    LogicalProject project = null;
    if (right instanceof LogicalProject p) {
      project = p;
      right = p.getInput();
    }
    if (!(right instanceof Aggregate agg) || !agg.getAggCallList().isEmpty() || agg.getGroupType() != Aggregate.Group.SIMPLE) {
      return join;
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    ImmutableBitSet used = RelOptUtil.InputFinder.bits(join.getCondition());
    int[] groupKeys = agg.getGroupSet().toArray();
    int rightCount = join.getRight().getRowType().getFieldCount();
    int[] map = new int[leftCount + rightCount];
    for (int i = 0; i < leftCount; i++) {
      map[i] = i;
    }
    for (int r = 0; r < rightCount; r++) {
      int aggField = r;
      if (project != null) {
        RexNode e = project.getProjects().get(r);
        if (!(e instanceof RexInputRef ref)) {
          if (used.get(leftCount + r)) {
            return join;
          }
          map[leftCount + r] = -1;
          continue;
        }
        aggField = ref.getIndex();
      }
      map[leftCount + r] = leftCount + groupKeys[aggField];
    }
    RexNode condition = shift(join.getCondition(), i -> map[i]);
    return LogicalJoin.create(join.getLeft(), agg.getInput(), join.getHints(), condition, join.getVariablesSet(),
        join.getJoinType());
  }

  private static RexNode shift(RexNode node, java.util.function.IntUnaryOperator f) {
    return node.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(f.applyAsInt(ref.getIndex()), ref.getType());
      }
    });
  }
}
