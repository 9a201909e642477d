package org.ballista.planner.calcite;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Join;

/**
 * Wraps a join rule so it never fires on semi or anti joins (whose output omits the right side,
 * which Calcite's project-transpose rules do not expect).
 */
final class InnerOrOuterJoinOnly extends RelOptRule {
  private final RelOptRule delegate;

  private InnerOrOuterJoinOnly(RelOptRule delegate) {
    super(delegate.getOperand(), "InnerOrOuterJoinOnly(" + delegate + ")");
    this.delegate = delegate;
  }

  /** A guarded fresh instance of {@code rule} (its operands are not shared with the original). */
  static RelOptRule of(RelRule<?> rule) {
    return new InnerOrOuterJoinOnly(rule.config.toRule());
  }

  @Override
  public boolean matches(RelOptRuleCall call) {
    for (var rel : call.rels) {
      if (rel instanceof Join join && !join.getJoinType().projectsRight()) {
        return false;
      }
    }
    return delegate.matches(call);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    delegate.onMatch(call);
  }
}
