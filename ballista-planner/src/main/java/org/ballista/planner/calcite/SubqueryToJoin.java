package org.ballista.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Rewrites {@code [NOT] EXISTS} and {@code [NOT] IN} subqueries that are conjuncts of a WHERE
 * clause into semi and anti joins, when the subquery's correlation is confined to its top-level
 * filter (the common case: TPC-H Q4, Q16, Q20, Q21, Q22). The correlated predicates, equi or not,
 * become the join condition, so no DISTINCT and no copy of the outer query is needed. Subqueries of
 * other shapes are left for Calcite's general decorrelation.
 */
final class SubqueryToJoin {
  private SubqueryToJoin() {}

  static RelNode rewrite(RelNode rel) {
    return rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalFilter filter) {
        RelNode input = filter.getInput().accept(this);
        RexBuilder rex = filter.getCluster().getRexBuilder();
        Set<CorrelationId> ids = filter.getVariablesSet();
        List<RexNode> remaining = new ArrayList<>();
        RelNode current = input;
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
          boolean negated = false;
          RexNode e = conjunct;
          if (e.getKind() == SqlKind.NOT && ((org.apache.calcite.rex.RexCall) e).getOperands().get(0) instanceof RexSubQuery) {
            negated = true;
            e = ((org.apache.calcite.rex.RexCall) e).getOperands().get(0);
          }
          if (e instanceof RexSubQuery sq && (sq.getKind() == SqlKind.EXISTS || sq.getKind() == SqlKind.IN)) {
            RelNode join = toJoin(rex, current, sq, negated, ids, this);
            if (join != null) {
              current = join;
              continue;
            }
          }
          remaining.add(conjunct);
        }
        if (current == input && remaining.size() == RelOptUtil.conjunctions(filter.getCondition()).size()) {
          return input == filter.getInput() ? filter : filter.copy(filter.getTraitSet(), List.of(input));
        }
        if (remaining.isEmpty()) {
          return current;
        }
        return LogicalFilter.create(current, RexUtil.composeConjunction(rex, remaining),
            com.google.common.collect.ImmutableSet.copyOf(ids));
      }
    });
  }

  private static RelNode toJoin(RexBuilder rex, RelNode outer, RexSubQuery sq, boolean negated,
      Set<CorrelationId> ids, RelShuttleImpl self) {
    RelNode body = sq.rel.accept(self);
    List<RexNode> projected = null;
    if (body instanceof LogicalProject p) {
      projected = p.getProjects();
      body = p.getInput();
    }
    RexNode innerCondition = rex.makeLiteral(true);
    RelNode inner = body;
    if (body instanceof LogicalFilter f) {
      // Predicates of the subquery that do not reference the outer row stay below the join.
      List<RexNode> local = new ArrayList<>();
      List<RexNode> correlated = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
        (containsCorrelation(List.of(c), ids) ? correlated : local).add(c);
      }
      inner = local.isEmpty() ? f.getInput()
          : LogicalFilter.create(f.getInput(), RexUtil.composeConjunction(rex, local),
              com.google.common.collect.ImmutableSet.copyOf(f.getVariablesSet()));
      innerCondition = RexUtil.composeConjunction(rex, correlated);
    }
    if (usesAny(inner, ids) || (projected != null && containsCorrelation(projected, ids)) || containsSubQuery(innerCondition)) {
      return null;
    }
    int outerCount = outer.getRowType().getFieldCount();
    RelDataType outerType = outer.getRowType();
    boolean[] ok = {true};
    RexShuttle toJoinRefs = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ref.getIndex() + outerCount, ref.getType());
      }

      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (access.getReferenceExpr() instanceof RexCorrelVariable v && ids.contains(v.id)) {
          int index = access.getField().getIndex();
          return new RexInputRef(index, outerType.getFieldList().get(index).getType());
        }
        ok[0] = false;
        return access;
      }
    };
    List<RexNode> condition = new ArrayList<>();
    condition.add(innerCondition.accept(toJoinRefs));
    if (sq.getKind() == SqlKind.IN) {
      List<RexNode> values = projected != null ? projected : identity(rex, inner.getRowType());
      if (values.size() != sq.getOperands().size()) {
        return null;
      }
      for (int i = 0; i < values.size(); i++) {
        RexNode left = sq.getOperands().get(i);
        RexNode right = values.get(i).accept(toJoinRefs);
        if (negated && (left.getType().isNullable() || right.getType().isNullable())) {
          return null; // NOT IN over nullable values needs null-aware semantics: leave it to Calcite
        }
        if (containsCorrelation(List.of(left), ids)) {
          return null;
        }
        condition.add(rex.makeCall(SqlStdOperatorTable.EQUALS, left, right));
      }
    }
    if (!ok[0]) {
      return null;
    }
    RexNode joinCondition = RexUtil.composeConjunction(rex, condition);
    return LogicalJoin.create(outer, inner, List.of(), joinCondition, Set.of(),
        negated ? JoinRelType.ANTI : JoinRelType.SEMI);
  }

  private static List<RexNode> identity(RexBuilder rex, RelDataType type) {
    List<RexNode> refs = new ArrayList<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      refs.add(rex.makeInputRef(type.getFieldList().get(i).getType(), i));
    }
    return refs;
  }

  private static boolean usesAny(RelNode rel, Set<CorrelationId> ids) {
    for (CorrelationId id : RelOptUtil.getVariablesUsed(rel)) {
      if (ids.contains(id)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsCorrelation(List<RexNode> exprs, Set<CorrelationId> ids) {
    boolean[] found = {false};
    RexShuttle finder = new RexShuttle() {
      @Override
      public RexNode visitCorrelVariable(RexCorrelVariable v) {
        found[0] = true;
        return v;
      }
    };
    for (RexNode e : exprs) {
      e.accept(finder);
    }
    return found[0];
  }

  private static boolean containsSubQuery(RexNode e) {
    return RexUtil.SubQueryFinder.find(e) != null;
  }
}
