package org.ballista.planner.lower;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.plan.AggregateCall.AggregateFunction;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.JoinType;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.SortKey;
import org.ballista.api.types.DataType;
import org.ballista.planner.calcite.TypeMapping;
import org.ballista.planner.catalog.TableDefinition;

/**
 * Lowers an optimized Calcite plan to the engine's {@link PlanNode} tree: chooses scan
 * projections, hash-join build sides and aggregate forms. It never executes anything.
 */
public final class RelToPlan {
  /** Build on the left instead when the right input is estimated this many times larger. */
  private static final double SWAP_FACTOR = 1.2;

  private final RexToExpr rex;
  private final RexBuilder rexBuilder;
  private final java.util.function.Function<RelOptTable, TableDefinition> tables;

  public RelToPlan(RexBuilder rexBuilder, java.util.function.Function<RelOptTable, TableDefinition> tables) {
    this.rexBuilder = rexBuilder;
    this.rex = new RexToExpr(rexBuilder);
    this.tables = tables;
  }

  public PlanNode lower(RelNode rel) {
    if (rel instanceof TableScan scan) {
      return scan(scan, ImmutableBitSet.range(scan.getRowType().getFieldCount()));
    }
    if (rel instanceof Project project) {
      return project(project);
    }
    if (rel instanceof Filter filter) {
      PlanNode input = lower(filter.getInput());
      return new PlanNode.Filter(input, rex.convert(filter.getCondition()));
    }
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (rel instanceof Join join) {
      return join(join);
    }
    if (rel instanceof Sort sort) {
      return sort(sort);
    }
    if (rel instanceof Union union) {
      List<PlanNode> inputs = new ArrayList<>();
      for (RelNode in : union.getInputs()) {
        inputs.add(lower(in));
      }
      Schema schema = TypeMapping.toSchema(union.getRowType());
      PlanNode all = new PlanNode.Union(inputs, schema);
      if (union.all) {
        return all;
      }
      int[] keys = new int[schema.getFields().size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = i;
      }
      return new PlanNode.Aggregate(all, keys, List.of(), AggregateMode.SINGLE, schema);
    }
    if (rel instanceof Values values) {
      List<List<Expr.Literal>> rows = new ArrayList<>();
      for (List<RexLiteral> tuple : values.getTuples()) {
        List<Expr.Literal> row = new ArrayList<>();
        for (int i = 0; i < tuple.size(); i++) {
          Expr.Literal l = RexToExpr.literal(tuple.get(i));
          DataType want = TypeMapping.toDataType(values.getRowType().getFieldList().get(i).getType());
          row.add(new Expr.Literal(l.value(), want));
        }
        rows.add(row);
      }
      return new PlanNode.Values(TypeMapping.toSchema(values.getRowType()), rows);
    }
    if (rel instanceof org.apache.calcite.rel.core.Window window) {
      return window(window);
    }
    String name = rel.getRelTypeName();
    if (name.contains("Correlate")) {
      throw BallistaException.unsupported("this correlated subquery could not be decorrelated");
    }
    throw BallistaException.unsupported("unsupported plan node " + name);
  }

  private PlanNode scan(TableScan scan, ImmutableBitSet columns) {
    TableDefinition def = tables.apply(scan.getTable());
    int[] projection = columns.toArray();
    List<Field> fields = new ArrayList<>();
    Schema full = TypeMapping.toSchema(scan.getRowType());
    for (int c : projection) {
      fields.add(full.getFields().get(c));
    }
    return new PlanNode.Scan(def.name(), def.source(), projection, List.of(), new Schema(fields));
  }

  private PlanNode project(Project project) {
    RelNode input = project.getInput();
    List<RexNode> exprs = project.getProjects();
    PlanNode lowered;
    if (input instanceof TableScan scan) {
      // Read only the columns the projection uses.
      ImmutableBitSet used = RelOptUtilHelper.inputsOf(exprs);
      lowered = scan(scan, used);
      exprs = RelOptUtilHelper.remap(rexBuilder, exprs, used, scan.getRowType());
      if (isIdentity(exprs, lowered.schema().getFields().size())) {
        return renamed(lowered, project.getRowType());
      }
    } else if (input instanceof Filter filter && filter.getInput() instanceof TableScan scan) {
      // Read only the columns the filter and the projection use.
      ImmutableBitSet used = RelOptUtilHelper.inputsOf(exprs)
          .union(org.apache.calcite.plan.RelOptUtil.InputFinder.bits(filter.getCondition()));
      PlanNode scanNode = scan(scan, used);
      RexNode condition = RelOptUtilHelper.remap(rexBuilder, List.of(filter.getCondition()), used, scan.getRowType()).get(0);
      lowered = new PlanNode.Filter(scanNode, rex.convert(condition));
      exprs = RelOptUtilHelper.remap(rexBuilder, exprs, used, scan.getRowType());
      if (isIdentity(exprs, scanNode.schema().getFields().size())) {
        return renamed(lowered, project.getRowType());
      }
    } else {
      lowered = lower(input);
      if (isIdentity(exprs, input.getRowType().getFieldCount())) {
        return renamed(lowered, project.getRowType());
      }
    }
    return new PlanNode.Project(lowered, rex.convert(exprs), TypeMapping.toSchema(project.getRowType()));
  }

  private static boolean isIdentity(List<RexNode> exprs, int inputFields) {
    if (exprs.size() != inputFields) {
      return false;
    }
    for (int i = 0; i < exprs.size(); i++) {
      if (!(exprs.get(i) instanceof RexInputRef ref) || ref.getIndex() != i) {
        return false;
      }
    }
    return true;
  }

  /** The node as is when names match, else a projection that only renames. */
  private static PlanNode renamed(PlanNode node, RelDataType rowType) {
    return renamed(node, TypeMapping.toSchema(rowType));
  }

  private static PlanNode renamed(PlanNode node, Schema want) {
    if (want.equals(node.schema())) {
      return node;
    }
    List<Expr> refs = new ArrayList<>();
    for (int i = 0; i < want.getFields().size(); i++) {
      refs.add(new Expr.Column(i, DataType.fromArrow(node.schema().getFields().get(i).getType())));
    }
    return new PlanNode.Project(node, refs, want);
  }

  private PlanNode aggregate(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return groupingSets(aggregate);
    }
    return plainAggregate(lower(aggregate.getInput()), aggregate.getGroupSet().toArray(), aggregate.getAggCallList(),
        TypeMapping.toSchema(aggregate.getRowType()));
  }

  /** GROUP BY {@code keys} computing {@code aggCalls}; {@code outSchema}: the keys' then the calls' fields. */
  private PlanNode plainAggregate(PlanNode input, int[] keys, List<AggregateCall> aggCalls, Schema outSchema) {
    List<org.ballista.api.plan.AggregateCall> calls = new ArrayList<>();
    List<Field> aggFields = new ArrayList<>();
    for (int k = 0; k < keys.length; k++) {
      aggFields.add(outSchema.getFields().get(k));
    }
    // Post-projection: key columns, then per call either its computed column or a literal / COALESCE.
    List<Expr> post = new ArrayList<>();
    for (int k = 0; k < keys.length; k++) {
      post.add(new Expr.Column(k, DataType.fromArrow(outSchema.getFields().get(k).getType())));
    }
    boolean needsPost = false;
    int i = keys.length;
    for (AggregateCall call : aggCalls) {
      Field outField = outSchema.getFields().get(i++);
      DataType type = DataType.fromArrow(outField.getType());
      SqlKind kind = call.getAggregation().getKind();
      if (kind == SqlKind.LITERAL_AGG) {
        needsPost = true;
        post.add(RexToExpr.literal((RexLiteral) call.rexList.get(0)));
        continue;
      }
      AggregateFunction fn = switch (kind) {
        case COUNT -> AggregateFunction.COUNT;
        case SUM, SUM0 -> AggregateFunction.SUM;
        case AVG -> AggregateFunction.AVG;
        case MIN -> AggregateFunction.MIN;
        case MAX -> AggregateFunction.MAX;
        case ANY_VALUE, SINGLE_VALUE -> AggregateFunction.ANY_VALUE;
        default -> throw BallistaException.unsupported("aggregate function " + call.getAggregation().getName() + " is not supported");
      };
      if (call.getArgList().size() > 1) {
        throw BallistaException.unsupported("aggregate " + call + " with several arguments is not supported");
      }
      int arg = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
      String name = outField.getName();
      Field computed = kind == SqlKind.SUM0 ? TypeMapping.field(name, type, true) : outField;
      aggFields.add(computed);
      int column = aggFields.size() - 1;
      calls.add(new org.ballista.api.plan.AggregateCall(fn, arg, call.isDistinct(), call.filterArg, type, name));
      Expr ref = new Expr.Column(column, type);
      if (kind == SqlKind.SUM0) {
        needsPost = true;
        post.add(new Expr.Call(Op.COALESCE, List.of(ref, zero(type)), type));
      } else {
        post.add(ref);
      }
    }
    if (keys.length == 0 && calls.isEmpty()) {
      // Only literal aggregates over no keys: count rows so one row comes out.
      calls.add(new org.ballista.api.plan.AggregateCall(AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "$rows"));
      aggFields.add(TypeMapping.field("$rows", DataType.INT64, false));
    }
    PlanNode agg = new PlanNode.Aggregate(input, keys, calls, AggregateMode.SINGLE, new Schema(aggFields));
    if (!needsPost) {
      return agg.schema().equals(outSchema) ? agg : renamed(agg, outSchema);
    }
    // Remap column references in post (they index agg's output, which is what they were built for).
    return new PlanNode.Project(agg, post, outSchema);
  }

  /**
   * GROUPING SETS, ROLLUP and CUBE: the UNION ALL of one plain aggregation per grouping set, each
   * projected to the full output (keys outside the set are NULL; GROUPING(...) and GROUPING_ID are
   * the set's constant bitmask; GROUP_ID numbers repeated sets).
   */
  private PlanNode groupingSets(Aggregate aggregate) {
    List<Integer> allKeys = aggregate.getGroupSet().asList();
    Schema outSchema = TypeMapping.toSchema(aggregate.getRowType());
    List<AggregateCall> computed = new ArrayList<>();
    List<Field> computedFields = new ArrayList<>();
    for (int c = 0; c < aggregate.getAggCallList().size(); c++) {
      AggregateCall call = aggregate.getAggCallList().get(c);
      if (!isGroupingFunction(call)) {
        computed.add(call);
        computedFields.add(outSchema.getFields().get(allKeys.size() + c));
      }
    }
    PlanNode input = lower(aggregate.getInput());
    List<PlanNode> branches = new ArrayList<>();
    java.util.Map<ImmutableBitSet, Integer> seen = new java.util.HashMap<>();
    for (ImmutableBitSet set : aggregate.getGroupSets()) {
      int groupId = seen.merge(set, 1, Integer::sum) - 1;
      List<Integer> setKeys = set.asList();
      List<Field> fields = new ArrayList<>();
      for (int key : setKeys) {
        fields.add(outSchema.getFields().get(allKeys.indexOf(key)));
      }
      fields.addAll(computedFields);
      PlanNode branch = plainAggregate(input, set.toArray(), computed, new Schema(fields));
      List<Expr> exprs = new ArrayList<>();
      int field = 0;
      for (int key : allKeys) {
        DataType type = DataType.fromArrow(outSchema.getFields().get(field++).getType());
        int pos = setKeys.indexOf(key);
        exprs.add(pos >= 0 ? new Expr.Column(pos, type) : new Expr.Literal(null, type));
      }
      int next = setKeys.size();
      for (AggregateCall call : aggregate.getAggCallList()) {
        DataType type = DataType.fromArrow(outSchema.getFields().get(field++).getType());
        if (!isGroupingFunction(call)) {
          exprs.add(new Expr.Column(next++, type));
          continue;
        }
        long value;
        if (call.getAggregation().getKind() == SqlKind.GROUP_ID) {
          value = groupId;
        } else {
          // bit i (from the left) is 1 when the i-th argument is not grouped in this set
          List<Integer> args = call.getArgList().isEmpty() ? allKeys : call.getArgList();
          value = 0;
          for (int arg : args) {
            value = (value << 1) | (set.get(arg) ? 0 : 1);
          }
        }
        exprs.add(type instanceof DataType.Int32 ? new Expr.Literal((int) value, type) : new Expr.Literal(value, type));
      }
      branches.add(new PlanNode.Project(branch, exprs, outSchema));
    }
    return branches.size() == 1 ? branches.get(0) : new PlanNode.Union(branches, outSchema);
  }

  private static boolean isGroupingFunction(AggregateCall call) {
    SqlKind kind = call.getAggregation().getKind();
    return kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID || kind == SqlKind.GROUP_ID;
  }

  private static Expr.Literal zero(DataType type) {
    Object v;
    if (type instanceof DataType.Int32) {
      v = 0;
    } else if (type instanceof DataType.Int64) {
      v = 0L;
    } else if (type instanceof DataType.Float64) {
      v = 0.0;
    } else if (type instanceof DataType.Decimal d) {
      v = BigDecimal.ZERO.setScale(d.scale());
    } else {
      throw BallistaException.unsupported("SUM0 of " + type);
    }
    return new Expr.Literal(v, type);
  }

  private PlanNode join(Join join) {
    PlanNode left = lower(join.getLeft());
    PlanNode right = lower(join.getRight());
    JoinType type = switch (join.getJoinType()) {
      case INNER -> JoinType.INNER;
      case LEFT -> JoinType.LEFT;
      case RIGHT -> JoinType.RIGHT;
      case FULL -> JoinType.FULL;
      case SEMI -> JoinType.SEMI;
      case ANTI -> JoinType.ANTI;
      default -> throw BallistaException.unsupported("join type " + join.getJoinType() + " is not supported");
    };
    Schema schema = TypeMapping.toSchema(join.getRowType());
    JoinInfo info = join.analyzeCondition();
    Expr residual = info.nonEquiConditions.isEmpty()
        ? null
        : rex.convert(RexUtil.composeConjunction(rexBuilder, info.nonEquiConditions));
    if (info.leftKeys.isEmpty()) {
      return new PlanNode.NestedLoopJoin(left, right, type, residual, schema);
    }
    int[] leftKeys = info.leftKeys.toIntArray();
    int[] rightKeys = info.rightKeys.toIntArray();
    boolean[] nullSafe = new boolean[leftKeys.length];
    for (int i = 0; i < nullSafe.length; i++) {
      nullSafe[i] = !info.nullExclusionFlags.get(i);
    }
    if (type == JoinType.INNER && shouldSwap(join)) {
      int leftCount = join.getLeft().getRowType().getFieldCount();
      int rightCount = join.getRight().getRowType().getFieldCount();
      List<Field> swappedFields = new ArrayList<>(right.schema().getFields());
      swappedFields.addAll(left.schema().getFields());
      Expr swappedResidual = residual == null ? null : ColumnRemapper.swapSides(residual, leftCount, rightCount);
      PlanNode swapped = new PlanNode.HashJoin(right, left, JoinType.INNER, rightKeys, leftKeys, nullSafe,
          swappedResidual, new Schema(swappedFields));
      List<Expr> reorder = new ArrayList<>();
      for (int i = 0; i < leftCount; i++) {
        reorder.add(new Expr.Column(rightCount + i, DataType.fromArrow(swappedFields.get(rightCount + i).getType())));
      }
      for (int i = 0; i < rightCount; i++) {
        reorder.add(new Expr.Column(i, DataType.fromArrow(swappedFields.get(i).getType())));
      }
      return new PlanNode.Project(swapped, reorder, schema);
    }
    return new PlanNode.HashJoin(left, right, type, leftKeys, rightKeys, nullSafe, residual, schema);
  }

  private static boolean shouldSwap(Join join) {
    RelMetadataQuery mq = join.getCluster().getMetadataQuery();
    Double l = mq.getRowCount(join.getLeft());
    Double r = mq.getRowCount(join.getRight());
    return l != null && r != null && r > SWAP_FACTOR * l;
  }

  /**
   * A Calcite window: one {@code PlanNode.Window} per group (same partitioning, order and frame),
   * nested; each keeps its input's columns first, so the calls come out in Calcite's order.
   */
  private PlanNode window(org.apache.calcite.rel.core.Window window) {
    PlanNode node = lower(window.getInput());
    int inputFields = window.getInput().getRowType().getFieldCount();
    Schema out = TypeMapping.toSchema(window.getRowType());
    int column = inputFields;
    for (org.apache.calcite.rel.core.Window.Group group : window.groups) {
      List<SortKey> orderKeys = new ArrayList<>();
      for (RelFieldCollation c : group.orderKeys.getFieldCollations()) {
        orderKeys.add(sortKey(c));
      }
      if (!group.isRows && (hasOffset(group.lowerBound) || hasOffset(group.upperBound))) {
        throw BallistaException.unsupported("RANGE window frames with an offset (RANGE BETWEEN n PRECEDING ...); "
            + "use ROWS, or RANGE with UNBOUNDED and CURRENT ROW bounds");
      }
      org.ballista.api.plan.WindowFrame frame = new org.ballista.api.plan.WindowFrame(
          group.isRows ? org.ballista.api.plan.WindowFrame.Units.ROWS : org.ballista.api.plan.WindowFrame.Units.RANGE,
          bound(window, group.lowerBound), bound(window, group.upperBound));
      List<org.ballista.api.plan.WindowCall> calls = new ArrayList<>();
      List<Field> fields = new ArrayList<>(node.schema().getFields());
      for (org.apache.calcite.rel.core.Window.RexWinAggCall call : group.aggCalls) {
        Field field = out.getFields().get(column++);
        fields.add(field);
        calls.add(windowCall(window, inputFields, call, frame, field));
      }
      node = new PlanNode.Window(node, group.keys.toArray(), orderKeys, calls, new Schema(fields));
    }
    return renamed(node, window.getRowType());
  }

  private static boolean hasOffset(org.apache.calcite.rex.RexWindowBound bound) {
    return !bound.isUnbounded() && !bound.isCurrentRow();
  }

  private static org.ballista.api.plan.WindowCall windowCall(org.apache.calcite.rel.core.Window window, int inputFields,
      org.apache.calcite.rel.core.Window.RexWinAggCall call, org.ballista.api.plan.WindowFrame frame, Field field) {
    if (call.distinct) {
      throw BallistaException.unsupported("DISTINCT in a window function (" + call + ")");
    }
    if (call.ignoreNulls) {
      throw BallistaException.unsupported("IGNORE NULLS in a window function (" + call + ")");
    }
    org.ballista.api.plan.WindowCall.WindowFunction function = switch (call.getOperator().getKind()) {
      case ROW_NUMBER -> org.ballista.api.plan.WindowCall.WindowFunction.ROW_NUMBER;
      case RANK -> org.ballista.api.plan.WindowCall.WindowFunction.RANK;
      case DENSE_RANK -> org.ballista.api.plan.WindowCall.WindowFunction.DENSE_RANK;
      case PERCENT_RANK -> org.ballista.api.plan.WindowCall.WindowFunction.PERCENT_RANK;
      case CUME_DIST -> org.ballista.api.plan.WindowCall.WindowFunction.CUME_DIST;
      case NTILE -> org.ballista.api.plan.WindowCall.WindowFunction.NTILE;
      case LAG -> org.ballista.api.plan.WindowCall.WindowFunction.LAG;
      case LEAD -> org.ballista.api.plan.WindowCall.WindowFunction.LEAD;
      case FIRST_VALUE -> org.ballista.api.plan.WindowCall.WindowFunction.FIRST_VALUE;
      case LAST_VALUE -> org.ballista.api.plan.WindowCall.WindowFunction.LAST_VALUE;
      case COUNT -> org.ballista.api.plan.WindowCall.WindowFunction.COUNT;
      // $SUM0 comes from Calcite's rewrite of SUM as CASE WHEN COUNT(x) > 0 THEN $SUM0(x) END: where it
      // is read, the frame has a non-null value, so SUM gives the same
      case SUM, SUM0 -> org.ballista.api.plan.WindowCall.WindowFunction.SUM;
      case AVG -> org.ballista.api.plan.WindowCall.WindowFunction.AVG;
      case MIN -> org.ballista.api.plan.WindowCall.WindowFunction.MIN;
      case MAX -> org.ballista.api.plan.WindowCall.WindowFunction.MAX;
      default -> throw BallistaException.unsupported("window function " + call.getOperator().getName());
    };
    List<RexNode> operands = call.getOperands();
    int argument = -1;
    int offset = 0;
    Expr.Literal defaultValue = null;
    DataType type = DataType.fromArrow(field.getType());
    switch (function) {
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST -> {
      }
      case NTILE -> {
        long buckets = constant(window, inputFields, operands.get(0), "NTILE's bucket count");
        if (buckets < 1 || buckets > Integer.MAX_VALUE) {
          throw new BallistaException(BallistaException.Kind.PLANNING, "NTILE needs a positive bucket count, got " + buckets);
        }
        offset = (int) buckets;
      }
      case LAG, LEAD -> {
        argument = column(operands.get(0), inputFields, function.name());
        long n = operands.size() > 1 ? constant(window, inputFields, operands.get(1), function + "'s offset") : 1;
        if (n < 0 || n > Integer.MAX_VALUE) {
          throw new BallistaException(BallistaException.Kind.PLANNING, function + " needs a non-negative offset, got " + n);
        }
        offset = (int) n;
        if (operands.size() > 2) {
          RexNode d = operands.get(2);
          RexLiteral literal = d instanceof RexLiteral l ? l
              : d instanceof RexInputRef ref && ref.getIndex() >= inputFields
                  ? window.constants.get(ref.getIndex() - inputFields) : null;
          if (literal == null) {
            throw BallistaException.unsupported(function + " with a default that is not a constant");
          }
          defaultValue = new Expr.Literal(RexToExpr.literal(literal).value(), type);
        }
      }
      default -> {
        if (!operands.isEmpty()) {
          argument = column(operands.get(0), inputFields, function.name());
        }
      }
    }
    return new org.ballista.api.plan.WindowCall(function, argument, offset, defaultValue, frame, type, field.getName());
  }

  private static int column(RexNode operand, int inputFields, String function) {
    if (operand instanceof RexInputRef ref && ref.getIndex() < inputFields) {
      return ref.getIndex();
    }
    throw BallistaException.unsupported(function + " over a constant or an expression Calcite did not project");
  }

  private static long constant(org.apache.calcite.rel.core.Window window, int inputFields, RexNode operand, String what) {
    RexLiteral literal = operand instanceof RexLiteral l ? l
        : operand instanceof RexInputRef ref && ref.getIndex() >= inputFields
            ? window.constants.get(ref.getIndex() - inputFields) : null;
    if (literal == null || literal.getValueAs(Long.class) == null) {
      throw BallistaException.unsupported(what + " must be a constant");
    }
    return literal.getValueAs(Long.class);
  }

  private static org.ballista.api.plan.WindowFrame.Bound bound(org.apache.calcite.rel.core.Window window,
      org.apache.calcite.rex.RexWindowBound bound) {
    if (bound.isUnbounded()) {
      return bound.isPreceding() ? org.ballista.api.plan.WindowFrame.Bound.unboundedPreceding()
          : org.ballista.api.plan.WindowFrame.Bound.unboundedFollowing();
    }
    if (bound.isCurrentRow()) {
      return org.ballista.api.plan.WindowFrame.Bound.currentRow();
    }
    RexNode offset = bound.getOffset();
    int inputFields = window.getInput().getRowType().getFieldCount();
    long n = constant(window, inputFields, offset, "a window frame offset");
    if (n < 0) {
      throw new BallistaException(BallistaException.Kind.PLANNING, "a window frame offset must not be negative, got " + n);
    }
    return bound.isPreceding() ? org.ballista.api.plan.WindowFrame.Bound.preceding(n)
        : org.ballista.api.plan.WindowFrame.Bound.following(n);
  }

  private static SortKey sortKey(RelFieldCollation c) {
    boolean asc = !c.direction.isDescending();
    boolean nullsFirst = switch (c.nullDirection) {
      case FIRST -> true;
      case LAST -> false;
      // SQL default (as in Calcite, Spark and Trino): NULLs are larger than any value.
      default -> !asc;
    };
    return new SortKey(c.getFieldIndex(), asc, nullsFirst);
  }

  private PlanNode sort(Sort sort) {
    PlanNode input = lower(sort.getInput());
    long offset = sort.offset == null ? 0 : ((RexLiteral) sort.offset).getValueAs(Long.class);
    long fetch = sort.fetch == null ? -1 : ((RexLiteral) sort.fetch).getValueAs(Long.class);
    if (sort.getCollation().getFieldCollations().isEmpty()) {
      return new PlanNode.Limit(input, offset, fetch);
    }
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : sort.getCollation().getFieldCollations()) {
      keys.add(sortKey(c));
    }
    return new PlanNode.Sort(input, keys, offset, fetch);
  }
}
