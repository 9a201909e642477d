package org.ballista.runtime.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.WindowCall;

/**
 * Computes SQL window functions ({@link org.ballista.api.plan.PlanNode.Window}): every input row
 * passes through, followed by one column per call.
 *
 * <p>Requires of its input: each input partition is sorted by {@code partitionKeys} (ascending,
 * NULLs first; any consistent order works as long as equal keys are adjacent) then by {@code
 * orderKeys}, and all rows of one window partition are in the same input partition (the planner puts
 * a {@code SortExec} below). Output partitioning is the input's; within a partition rows keep the
 * input order.
 *
 * <p>Per output partition, the whole input partition is buffered (a window partition may span
 * batches and frames may look ahead), partition and peer boundaries are found by comparing
 * consecutive rows' keys (NULLs equal each other; FLOAT64 by value bits, like the sort), each call
 * is computed over all rows with primitive kernels (linear for every supported frame, see {@link
 * FrameKernels}), then batches of at most the session batch size are emitted: input columns sliced
 * without copying when the rows lie in one input batch, gathered otherwise, plus the new columns.
 * An empty input partition yields no batch.
 *
 * <p>Frames: ROWS with any bounds; RANGE with UNBOUNDED or CURRENT ROW bounds (peers included).
 * RANGE with an offset is rejected at construction (UNSUPPORTED), as are argument/result types a
 * function cannot take (see {@link CallEvaluator}).
 */
public final class WindowExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final int[] partitionKeys;
  private final List<SortKey> orderKeys;
  private final List<WindowCall> calls;
  private final Schema schema;
  private final List<CallEvaluator> evaluators;

  public WindowExec(ExecutionPlan input, int[] partitionKeys, List<SortKey> orderKeys, List<WindowCall> calls,
      Schema schema) {
    this.input = Objects.requireNonNull(input, "input");
    this.partitionKeys = partitionKeys.clone();
    this.orderKeys = List.copyOf(orderKeys);
    this.calls = List.copyOf(calls);
    this.schema = Objects.requireNonNull(schema, "schema");
    if (this.calls.isEmpty()) {
      throw planning("a window needs at least one call");
    }
    Schema in = input.schema();
    int columns = in.getFields().size();
    for (int k : this.partitionKeys) {
      if (k < 0 || k >= columns) {
        throw planning("partition key column " + k + " out of range (" + columns + " input columns)");
      }
    }
    for (SortKey k : this.orderKeys) {
      if (k.column() < 0 || k.column() >= columns) {
        throw planning("order key column " + k.column() + " out of range (" + columns + " input columns)");
      }
    }
    List<Field> out = schema.getFields();
    if (out.size() != columns + this.calls.size()) {
      throw planning("output schema has " + out.size() + " columns, expected " + columns + " input columns + "
          + this.calls.size() + " calls");
    }
    for (int c = 0; c < columns; c++) {
      if (!out.get(c).getType().equals(in.getFields().get(c).getType())) {
        throw planning("output column " + c + " is " + out.get(c).getType() + " but the input's is "
            + in.getFields().get(c).getType());
      }
    }
    List<CallEvaluator> evs = new ArrayList<>(this.calls.size());
    for (int k = 0; k < this.calls.size(); k++) {
      WindowCall call = this.calls.get(k);
      Field f = out.get(columns + k);
      if (!f.getType().equals(call.type().toArrow())) {
        throw planning("output column " + (columns + k) + " is " + f.getType() + " but call " + call.name()
            + " has type " + call.type());
      }
      evs.add(new CallEvaluator(call, in));
    }
    this.evaluators = List.copyOf(evs);
  }

  private static BallistaException planning(String message) {
    return new BallistaException(BallistaException.Kind.PLANNING, "WindowExec: " + message);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return input.outputPartitioning();
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new WindowStream(input, partition, context, schema, partitionKeys, orderKeys, evaluators);
  }

  @Override
  public String describe() {
    String order = orderKeys.stream()
        .map(s -> "#" + s.column() + (s.ascending() ? " ASC" : " DESC") + (s.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
        .collect(Collectors.joining(", "));
    String fns = calls.stream().map(WindowExec::describe).collect(Collectors.joining(", "));
    return "WindowExec: partition by " + Arrays.toString(Arrays.stream(partitionKeys).mapToObj(k -> "#" + k).toArray())
        + " order by [" + order + "] [" + fns + "]";
  }

  private static String describe(WindowCall c) {
    StringBuilder sb = new StringBuilder(c.function().name()).append('(');
    if (c.argument() >= 0) {
      sb.append('#').append(c.argument());
    } else if (c.function() == WindowCall.WindowFunction.COUNT) {
      sb.append('*');
    }
    if (c.function() == WindowCall.WindowFunction.NTILE || c.function() == WindowCall.WindowFunction.LAG
        || c.function() == WindowCall.WindowFunction.LEAD) {
      sb.append(c.argument() >= 0 ? ", " : "").append(c.offset());
      if (c.defaultValue() != null && c.defaultValue().value() != null) {
        sb.append(", ").append(c.defaultValue());
      }
    }
    sb.append(')');
    if (c.function().usesFrame()) {
      sb.append(' ').append(c.frame().units()).append(' ').append(bound(c.frame().lower())).append("..")
          .append(bound(c.frame().upper()));
    }
    return sb.append(" AS ").append(c.name()).toString();
  }

  private static String bound(org.ballista.api.plan.WindowFrame.Bound b) {
    return switch (b.kind()) {
      case PRECEDING, FOLLOWING -> b.offset() + " " + b.kind();
      default -> b.kind().name();
    };
  }
}
