package org.ballista.planner;

import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.plan.PlanNode;

/** A planned query: the optimized logical plan (as text, for EXPLAIN) and the physical plan. */
public record PlannedQuery(String logicalPlan, PlanNode plan) {
  public Schema schema() {
    return plan.schema();
  }
}
