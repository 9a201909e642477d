package org.ballista.planner.calcite;

import java.util.EnumSet;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * The logical optimization pipeline: heuristic (Hep) phases that remove subqueries, push filters
 * and projections down, fold constants and order joins. It never executes anything.
 */
public final class Optimizer {

  private static final List<RelOptRule> SUBQUERY_RULES = List.of(
      CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
      CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
      CoreRules.JOIN_SUB_QUERY_TO_CORRELATE);

  private static final List<RelOptRule> PUSH_AND_FOLD_RULES = List.of(
      CoreRules.FILTER_INTO_JOIN,
      CoreRules.JOIN_CONDITION_PUSH,
      CoreRules.FILTER_PROJECT_TRANSPOSE,
      CoreRules.FILTER_AGGREGATE_TRANSPOSE,
      CoreRules.FILTER_SET_OP_TRANSPOSE,
      CoreRules.FILTER_MERGE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE,
      CoreRules.AGGREGATE_PROJECT_MERGE,
      CoreRules.UNION_MERGE,
      CoreRules.INTERSECT_TO_DISTINCT,
      CoreRules.MINUS_TO_DISTINCT,
      CoreRules.JOIN_PUSH_EXPRESSIONS,
      CoreRules.FILTER_REDUCE_EXPRESSIONS,
      CoreRules.PROJECT_REDUCE_EXPRESSIONS,
      CoreRules.JOIN_REDUCE_EXPRESSIONS,
      CoreRules.FILTER_VALUES_MERGE,
      CoreRules.PROJECT_VALUES_MERGE);

  /** Moves semi joins below inner joins and projections (run with a match limit: they can cycle). */
  private static final List<RelOptRule> SEMI_JOIN_PUSH_RULES = List.of(
      CoreRules.SEMI_JOIN_FILTER_TRANSPOSE,
      CoreRules.SEMI_JOIN_PROJECT_TRANSPOSE,
      CoreRules.SEMI_JOIN_JOIN_TRANSPOSE);

  private static final List<RelOptRule> PULL_PROJECT_RULES = List.of(
      InnerOrOuterJoinOnly.of(CoreRules.JOIN_PROJECT_BOTH_TRANSPOSE_INCLUDE_OUTER),
      InnerOrOuterJoinOnly.of(CoreRules.JOIN_PROJECT_LEFT_TRANSPOSE_INCLUDE_OUTER),
      InnerOrOuterJoinOnly.of(CoreRules.JOIN_PROJECT_RIGHT_TRANSPOSE_INCLUDE_OUTER),
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE);

  private static final List<RelOptRule> MULTI_JOIN_RULES = List.of(
      CoreRules.JOIN_TO_MULTI_JOIN,
      CoreRules.PROJECT_MULTI_JOIN_MERGE,
      CoreRules.FILTER_MULTI_JOIN_MERGE);

  private static final List<RelOptRule> SEMI_JOIN_RULES = List.of(
      CoreRules.PROJECT_TO_SEMI_JOIN,
      CoreRules.AGGREGATE_TO_SEMI_JOIN,
      CoreRules.JOIN_TO_SEMI_JOIN);

  private static final List<RelOptRule> CLEANUP_RULES = List.of(
      CoreRules.FILTER_PROJECT_TRANSPOSE,
      CoreRules.FILTER_MERGE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE);

  /**
   * Rewrites STDDEV_POP/STDDEV_SAMP/VAR_POP/VAR_SAMP (and their aliases STDDEV, VARIANCE) into
   * SUM(x * x), SUM(x) and COUNT(x) with arithmetic on top (in DOUBLE, see {@link VarianceInDouble}).
   * AVG and SUM are deliberately not reduced: the engine has its own AVG and SUM.
   */
  private static final RelOptRule REDUCE_VARIANCE = AggregateReduceFunctionsRule.Config.DEFAULT
      .withFunctionsToReduce(EnumSet.copyOf(VarianceInDouble.KINDS))
      .toRule();

  /** Optimizes a freshly converted plan. */
  public RelNode optimize(RelNode rel) {
    // window functions (RexOver in a projection) become Window nodes first, so no rule moves or
    // merges them as if they were row-wise expressions
    RelNode r = hep(rel, HepMatchOrder.BOTTOM_UP, List.of(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW), -1);
    r = SubqueryToJoin.rewrite(r);
    r = hep(r, HepMatchOrder.TOP_DOWN, SUBQUERY_RULES, -1);
    RelBuilder builder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(r.getCluster(), null);
    r = RelDecorrelator.decorrelateQuery(r, builder);
    r = VarianceInDouble.rewrite(r, builder);
    r = hep(r, HepMatchOrder.BOTTOM_UP, List.of(REDUCE_VARIANCE), -1);
    r = pullCommonFactors(r);
    r = hep(r, HepMatchOrder.BOTTOM_UP, PUSH_AND_FOLD_RULES, -1);
    r = hep(r, HepMatchOrder.BOTTOM_UP,
        List.of(CoreRules.EXPAND_FILTER_DISJUNCTION_LOCAL, CoreRules.EXPAND_JOIN_DISJUNCTION_LOCAL), 5);
    r = hep(r, HepMatchOrder.BOTTOM_UP, PUSH_AND_FOLD_RULES, -1);
    r = hep(r, HepMatchOrder.TOP_DOWN, SEMI_JOIN_PUSH_RULES, 50);
    r = hep(r, HepMatchOrder.BOTTOM_UP, PULL_PROJECT_RULES, -1);
    r = hep(r, HepMatchOrder.BOTTOM_UP, MULTI_JOIN_RULES, -1);
    r = hep(r, HepMatchOrder.BOTTOM_UP, List.of(CoreRules.MULTI_JOIN_OPTIMIZE), -1);
    r = hep(r, HepMatchOrder.BOTTOM_UP, PUSH_AND_FOLD_RULES, -1);
    r = hep(r, HepMatchOrder.BOTTOM_UP, SEMI_JOIN_RULES, -1);
    r = SemiAntiJoins.rewrite(r);
    r = hep(r, HepMatchOrder.BOTTOM_UP, PUSH_AND_FOLD_RULES, -1);
    r = new RelFieldTrimmer(null, builder).trim(r);
    r = hep(r, HepMatchOrder.BOTTOM_UP, CLEANUP_RULES, -1);
    return r;
  }

  private static RelNode hep(RelNode rel, HepMatchOrder order, List<RelOptRule> rules, int matchLimit) {
    HepProgramBuilder program = HepProgram.builder().addMatchOrder(order);
    if (matchLimit > 0) {
      program.addMatchLimit(matchLimit);
    }
    program.addRuleCollection(rules);
    HepPlanner planner = new HepPlanner(program.build(), null, true, null, org.apache.calcite.plan.RelOptCostImpl.FACTORY);
    planner.setExecutor(rel.getCluster().getPlanner().getExecutor());
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  /** Pulls factors common to all branches of an OR out of it (TPC-H Q19 needs its join key outside the OR). */
  private static RelNode pullCommonFactors(RelNode rel) {
    return rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalFilter filter) {
        RelNode input = filter.getInput().accept(this);
        RexBuilder rex = filter.getCluster().getRexBuilder();
        RexNode condition = RexUtil.pullFactors(rex, filter.getCondition());
        return filter.copy(filter.getTraitSet(), input, condition);
      }

      @Override
      public RelNode visit(LogicalJoin join) {
        RelNode left = join.getLeft().accept(this);
        RelNode right = join.getRight().accept(this);
        RexBuilder rex = join.getCluster().getRexBuilder();
        RexNode condition = RexUtil.pullFactors(rex, join.getCondition());
        return join.copy(join.getTraitSet(), condition, left, right, join.getJoinType(), join.isSemiJoinDone());
      }
    });
  }

  static String explain(RelNode rel) {
    return RelOptUtil.toString(rel);
  }
}
