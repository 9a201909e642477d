package org.ballista.planner.distributed;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query cut into stages, in an order where every stage comes after its inputs. The last stage's
 * output partitions, read in order, are the query's result.
 */
public record StagePlan(List<Stage> stages, Schema schema) {
  public StagePlan {
    stages = List.copyOf(stages);
  }

  public Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  public Stage stage(int id) {
    for (Stage s : stages) {
      if (s.id() == id) {
        return s;
      }
    }
    throw new IllegalArgumentException("no stage " + id);
  }
}
