package org.ballista.planner.distributed;

import java.util.List;
import org.ballista.api.plan.PlanNode;

/**
 * One stage of a distributed query: a plan fragment whose root writes shuffle output, and the
 * stages whose output it reads (it can run once they are all complete).
 */
public record Stage(int id, PlanNode.ShuffleWrite plan, List<Integer> inputStages) {
  public Stage {
    inputStages = List.copyOf(inputStages);
  }
}
