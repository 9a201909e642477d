package org.ballista.planner.distributed;

import java.util.List;
import org.ballista.api.plan.PlanNode;

/** Rebuilds plan nodes with new children (a node without children is returned as is). */
public final class PlanNodes {
  private PlanNodes() {}

  public static PlanNode withChildren(PlanNode node, List<PlanNode> c) {
    if (node instanceof PlanNode.Filter f) {
      return new PlanNode.Filter(c.get(0), f.predicate());
    }
    if (node instanceof PlanNode.Project p) {
      return new PlanNode.Project(c.get(0), p.exprs(), p.schema());
    }
    if (node instanceof PlanNode.Aggregate a) {
      return new PlanNode.Aggregate(c.get(0), a.groupKeys(), a.aggregates(), a.mode(), a.schema());
    }
    if (node instanceof PlanNode.HashJoin j) {
      return new PlanNode.HashJoin(c.get(0), c.get(1), j.joinType(), j.leftKeys(), j.rightKeys(), j.nullSafe(),
          j.condition(), j.schema());
    }
    if (node instanceof PlanNode.NestedLoopJoin j) {
      return new PlanNode.NestedLoopJoin(c.get(0), c.get(1), j.joinType(), j.condition(), j.schema());
    }
    if (node instanceof PlanNode.Sort s) {
      return new PlanNode.Sort(c.get(0), s.keys(), s.offset(), s.fetch());
    }
    if (node instanceof PlanNode.Window w) {
      return new PlanNode.Window(c.get(0), w.partitionKeys(), w.orderKeys(), w.calls(), w.schema());
    }
    if (node instanceof PlanNode.Limit l) {
      return new PlanNode.Limit(c.get(0), l.offset(), l.fetch());
    }
    if (node instanceof PlanNode.Union u) {
      return new PlanNode.Union(c, u.schema());
    }
    if (node instanceof PlanNode.Exchange e) {
      return new PlanNode.Exchange(c.get(0), e.hashKeys(), e.partitions(), e.broadcast());
    }
    if (node instanceof PlanNode.ShuffleWrite w) {
      return new PlanNode.ShuffleWrite(w.stageId(), c.get(0), w.hashKeys(), w.outputPartitions());
    }
    if (c.isEmpty()) {
      return node;
    }
    throw new IllegalArgumentException("unknown plan node " + node.getClass().getSimpleName());
  }
}
