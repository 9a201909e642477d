package org.ballista.planner.calcite;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * Makes STDDEV_POP/STDDEV_SAMP/VAR_POP/VAR_SAMP compute in DOUBLE: their argument is cast to DOUBLE
 * below the aggregate and the result cast back to the type the validator gave the call (which
 * follows Calcite's AVG typing: DECIMAL stays DECIMAL, INTEGER stays INTEGER). Run before
 * AggregateReduceFunctionsRule, which otherwise expands them into SUM(x * x) in the argument's
 * type, where DECIMAL squares overflow 64-bit scaled longs.
 */
final class VarianceInDouble {
  static final Set<SqlKind> KINDS = EnumSet.of(SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP);

  private VarianceInDouble() {}

  static RelNode rewrite(RelNode rel, RelBuilder builder) {
    return rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(LogicalAggregate aggregate) {
        RelNode input = aggregate.getInput().accept(this);
        LogicalAggregate agg = input == aggregate.getInput()
            ? aggregate : (LogicalAggregate) aggregate.copy(aggregate.getTraitSet(), List.of(input));
        return agg.getAggCallList().stream().anyMatch(c -> needsDouble(c, input)) ? inDouble(agg, input, builder) : agg;
      }
    });
  }

  private static boolean needsDouble(AggregateCall call, RelNode input) {
    return KINDS.contains(call.getAggregation().getKind()) && call.getArgList().size() == 1
        && input.getRowType().getFieldList().get(call.getArgList().get(0)).getType().getSqlTypeName() != SqlTypeName.DOUBLE;
  }

  private static RelNode inDouble(LogicalAggregate agg, RelNode input, RelBuilder builder) {
    RexBuilder rex = agg.getCluster().getRexBuilder();
    RelDataTypeFactory types = agg.getCluster().getTypeFactory();
    RelDataType dbl = types.createSqlType(SqlTypeName.DOUBLE);
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
      projects.add(rex.makeInputRef(input, i));
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateCall call : agg.getAggCallList()) {
      if (!needsDouble(call, input)) {
        calls.add(call);
        continue;
      }
      RexNode arg = projects.get(call.getArgList().get(0));
      projects.add(rex.makeCast(types.createTypeWithNullability(dbl, arg.getType().isNullable()), arg));
      calls.add(AggregateCall.create(call.getParserPosition(), call.getAggregation(), call.isDistinct(),
          call.isApproximate(), call.ignoreNulls(), call.rexList, List.of(projects.size() - 1), call.filterArg,
          call.distinctKeys, call.getCollation(), types.createTypeWithNullability(dbl, call.getType().isNullable()),
          call.getName()));
    }
    RelNode projected = builder.push(input).project(projects).build();
    RelNode computed = agg.copy(agg.getTraitSet(), projected, agg.getGroupSet(), agg.getGroupSets(), calls);
    List<RexNode> back = new ArrayList<>();
    for (int i = 0; i < agg.getRowType().getFieldCount(); i++) {
      RelDataType want = agg.getRowType().getFieldList().get(i).getType();
      RexNode ref = rex.makeInputRef(computed, i);
      back.add(ref.getType().equals(want) ? ref : rex.makeCast(want, ref));
    }
    return builder.push(computed).project(back, agg.getRowType().getFieldNames(), true).build();
  }
}
