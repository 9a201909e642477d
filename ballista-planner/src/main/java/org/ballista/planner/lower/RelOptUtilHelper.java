package org.ballista.planner.lower;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;

/** Column-usage helpers for pruning scans. */
final class RelOptUtilHelper {
  private RelOptUtilHelper() {}

  static ImmutableBitSet inputsOf(List<RexNode> exprs) {
    ImmutableBitSet.Builder b = ImmutableBitSet.builder();
    for (RexNode e : exprs) {
      b.addAll(org.apache.calcite.plan.RelOptUtil.InputFinder.bits(e));
    }
    return b.build();
  }

  /** Rewrites references to column {@code c} of the full row into its position within {@code used}. */
  static List<RexNode> remap(RexBuilder rexBuilder, List<RexNode> exprs, ImmutableBitSet used, RelDataType fullRow) {
    int[] position = new int[fullRow.getFieldCount()];
    int i = 0;
    for (int c : used) {
      position[c] = i++;
    }
    RexShuttle shuttle = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(position[ref.getIndex()], ref.getType());
      }
    };
    List<RexNode> out = new ArrayList<>(exprs.size());
    for (RexNode e : exprs) {
      out.add(e.accept(shuttle));
    }
    return out;
  }
}
