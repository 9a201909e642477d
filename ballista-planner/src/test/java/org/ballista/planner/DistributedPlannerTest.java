package org.ballista.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.ballista.api.plan.PlanNode;
import org.ballista.planner.distributed.DistributedPlanner;
import org.ballista.planner.distributed.Stage;
import org.ballista.planner.distributed.StagePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistributedPlannerTest {
  private final SqlPlanner planner = new SqlPlanner();
  private final TpchCatalog catalog = new TpchCatalog();
  private final DistributedPlanner distributed = new DistributedPlanner(4, 0);

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
  void cutsEveryTpchQueryIntoStages(int n) throws IOException {
    StagePlan plan = distributed.plan(planner.plan(SqlPlannerTest.query(n), catalog).plan());
    if (System.getenv("SHOW_PLANS") != null) {
      System.out.println("== Q" + n);
      for (Stage s : plan.stages()) {
        System.out.println("Stage " + s.id() + " <- " + s.inputStages() + "\n" + PlanPrinter.print(s.plan()));
      }
    }
    Set<Integer> done = new HashSet<>();
    for (Stage s : plan.stages()) {
      assertTrue(done.containsAll(s.inputStages()), "stage " + s.id() + " runs after its inputs");
      assertFalse(PlanPrinter.print(s.plan()).contains("Exchange"), "no exchange left inside a stage");
      done.add(s.id());
    }
    assertEquals(1, plan.finalStage().plan().outputPartitions());
    assertTrue(plan.stages().size() >= 2, "scan and result stages at least");
  }

  @Test
  void topNRunsPerPartitionThenOnceOverTheirRows() {
    StagePlan plan = distributed.plan(planner.plan(
        "select l_orderkey from lineitem order by l_extendedprice desc limit 5", catalog).plan());
    String first = PlanPrinter.print(plan.stages().get(0).plan());
    assertTrue(first.contains("Sort:") && first.contains("fetch=5"), first);
    String last = PlanPrinter.print(plan.finalStage().plan());
    assertTrue(last.contains("fetch=5") && last.contains("ShuffleRead"), last);
  }

  @Test
  void smallBuildSidesAreBroadcast() {
    // the test catalog's files do not exist (0 bytes): every build side counts as small
    StagePlan plan = new DistributedPlanner(4).plan(planner.plan(
        "select n_name, count(*) from supplier join nation on s_nationkey = n_nationkey group by n_name", catalog).plan());
    String all = plan.stages().stream().map(s -> PlanPrinter.print(s.plan())).reduce("", String::concat);
    assertTrue(all.contains("broadcast"), all);
  }

  @Test
  void aggregationSplitsIntoPartialAndFinalAroundAHashExchange() {
    StagePlan plan = distributed.plan(
        planner.plan("select l_returnflag, sum(l_quantity) from lineitem group by l_returnflag", catalog).plan());
    assertEquals(3, plan.stages().size());
    String first = PlanPrinter.print(plan.stages().get(0).plan());
    assertTrue(first.startsWith("ShuffleWrite: stage=1 hash[0] partitions=4") && first.contains("Aggregate(PARTIAL)"), first);
    String second = PlanPrinter.print(plan.stages().get(1).plan());
    assertTrue(second.contains("Aggregate(FINAL)") && second.contains("ShuffleRead: stage=1 partitions=4"), second);
    PlanNode.ShuffleWrite last = plan.finalStage().plan();
    assertTrue(PlanPrinter.print(last).contains("ShuffleRead: stage=2 partitions=1"), PlanPrinter.print(last));
  }
}
