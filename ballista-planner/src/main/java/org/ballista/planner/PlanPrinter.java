package org.ballista.planner;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.PlanNode;

/** Renders a {@link PlanNode} tree as indented text (for EXPLAIN and plan tests). */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String print(PlanNode plan) {
    StringBuilder sb = new StringBuilder();
    print(plan, 0, sb);
    return sb.toString();
  }

  private static void print(PlanNode node, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(describe(node)).append('\n');
    for (PlanNode child : node.children()) {
      print(child, depth + 1, sb);
    }
  }

  private static String windowCall(org.ballista.api.plan.WindowCall c) {
    org.ballista.api.plan.WindowFrame f = c.frame();
    String frame = c.function().usesFrame() ? " " + f.units() + " " + bound(f.lower()) + ".." + bound(f.upper()) : "";
    return c.name() + "=" + c.function() + "(" + (c.argument() >= 0 ? "$" + c.argument() : "")
        + (c.offset() > 0 ? ", " + c.offset() : "") + ")" + frame;
  }

  private static String bound(org.ballista.api.plan.WindowFrame.Bound b) {
    return switch (b.kind()) {
      case UNBOUNDED_PRECEDING -> "unbounded";
      case PRECEDING -> "-" + b.offset();
      case CURRENT_ROW -> "current";
      case FOLLOWING -> "+" + b.offset();
      case UNBOUNDED_FOLLOWING -> "unbounded";
    };
  }

  public static String describe(PlanNode node) {
    if (node instanceof PlanNode.Scan s) {
      return "Scan: " + s.tableName() + " columns=" + s.schema().getFields().stream().map(Field::getName).collect(Collectors.toList());
    }
    if (node instanceof PlanNode.Values v) {
      return "Values: rows=" + v.rows().size();
    }
    if (node instanceof PlanNode.Filter f) {
      return "Filter: " + f.predicate();
    }
    if (node instanceof PlanNode.Project p) {
      return "Project: " + p.exprs();
    }
    if (node instanceof PlanNode.Aggregate a) {
      return "Aggregate(" + a.mode() + "): keys=" + Arrays.toString(a.groupKeys()) + " aggs="
          + a.aggregates().stream().map(PlanPrinter::call).collect(Collectors.toList());
    }
    if (node instanceof PlanNode.HashJoin j) {
      return "HashJoin(" + j.joinType() + "): left=" + Arrays.toString(j.leftKeys()) + " right(build)="
          + Arrays.toString(j.rightKeys()) + (j.condition() == null ? "" : " residual=" + j.condition());
    }
    if (node instanceof PlanNode.NestedLoopJoin j) {
      return "NestedLoopJoin(" + j.joinType() + ")" + (j.condition() == null ? "" : ": " + j.condition());
    }
    if (node instanceof PlanNode.Sort s) {
      return "Sort: " + s.keys() + (s.fetch() >= 0 ? " fetch=" + s.fetch() : "") + (s.offset() > 0 ? " offset=" + s.offset() : "");
    }
    if (node instanceof PlanNode.Window w) {
      return "Window: partition=" + Arrays.toString(w.partitionKeys()) + " order=" + w.orderKeys() + " calls="
          + w.calls().stream().map(PlanPrinter::windowCall).collect(Collectors.toList());
    }
    if (node instanceof PlanNode.Limit l) {
      return "Limit: offset=" + l.offset() + " fetch=" + l.fetch();
    }
    if (node instanceof PlanNode.Exchange e) {
      return "Exchange: " + (e.broadcast() ? "broadcast" : e.hashKeys().length == 0 ? "single" : "hash" + Arrays.toString(e.hashKeys()))
          + " partitions=" + e.partitions();
    }
    if (node instanceof PlanNode.ShuffleWrite w) {
      return "ShuffleWrite: stage=" + w.stageId() + (w.hashKeys().length == 0 ? "" : " hash" + Arrays.toString(w.hashKeys()))
          + " partitions=" + w.outputPartitions();
    }
    if (node instanceof PlanNode.ShuffleRead r) {
      return "ShuffleRead: stage=" + r.stageId() + " partitions=" + r.partitions() + (r.broadcast() ? " broadcast" : "");
    }
    if (node instanceof PlanNode.Union) {
      return "Union";
    }
    return node.getClass().getSimpleName();
  }

  private static String call(AggregateCall c) {
    return c.function() + (c.distinct() ? "(DISTINCT #" : "(#") + c.argument() + ")"
        + (c.filterColumn() >= 0 ? " FILTER #" + c.filterColumn() : "");
  }
}
