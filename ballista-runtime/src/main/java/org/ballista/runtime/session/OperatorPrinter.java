package org.ballista.runtime.session;

import org.ballista.api.exec.ExecutionPlan;

/** Renders an executable operator tree, with each operator's partition count. */
final class OperatorPrinter {
  private OperatorPrinter() {}

  static String print(ExecutionPlan plan) {
    StringBuilder sb = new StringBuilder();
    print(plan, 0, sb);
    return sb.toString();
  }

  private static void print(ExecutionPlan plan, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(plan.describe())
        .append(" [partitions=").append(plan.outputPartitioning().partitionCount()).append("]\n");
    for (ExecutionPlan child : plan.children()) {
      print(child, depth + 1, sb);
    }
  }
}
