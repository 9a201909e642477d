package org.ballista.runtime.join;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.plan.JoinType;

/** Checks and helpers shared by the join plans. */
final class JoinPlans {
  private JoinPlans() {}

  /** Fails unless {@code output} is the left fields (then the right fields when the type outputs them). */
  static void checkOutputSchema(String op, Schema output, Schema left, Schema right, JoinType type) {
    List<Field> out = output.getFields();
    int nl = left.getFields().size();
    int expected = nl + (type.outputsRight() ? right.getFields().size() : 0);
    if (out.size() != expected) {
      throw new BallistaException(BallistaException.Kind.PLANNING,
          op + " " + type + ": output schema has " + out.size() + " columns, expected " + expected);
    }
    for (int i = 0; i < out.size(); i++) {
      Field src = i < nl ? left.getFields().get(i) : right.getFields().get(i - nl);
      if (!src.getType().equals(out.get(i).getType())) {
        throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH,
            op + ": output column " + i + " (" + out.get(i).getName() + ") is " + out.get(i).getType()
                + " but the input column is " + src.getType());
      }
    }
  }

  /** RIGHT and FULL joins read every probe partition in one stream (to emit unmatched build rows once). */
  static boolean singleOutput(JoinType type) {
    return type == JoinType.RIGHT || type == JoinType.FULL;
  }

  static Partitioning outputPartitioning(ExecutionPlan left, JoinType type) {
    return singleOutput(type) ? Partitioning.SINGLE : left.outputPartitioning();
  }

  /** The probe partitions read by output partition {@code partition}. */
  static int[] probePartitions(ExecutionPlan left, JoinType type, int partition, int outputPartitions) {
    if (partition < 0 || partition >= outputPartitions) {
      throw new BallistaException(BallistaException.Kind.INTERNAL,
          "join partition " + partition + " out of range [0, " + outputPartitions + ")");
    }
    if (!singleOutput(type)) {
      return new int[] {partition};
    }
    int n = left.outputPartitioning().partitionCount();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }
}
