package org.ballista.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.WindowCall;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.serde.PlanSerde;
import org.ballista.planner.distributed.DistributedPlanner;
import org.junit.jupiter.api.Test;

/** Window functions (OVER) are planned into PlanNode.Window nodes, serialized and distributed. */
class WindowPlanningTest {
  private final SqlPlanner planner = new SqlPlanner();
  private final TpchCatalog catalog = new TpchCatalog();

  private static List<PlanNode.Window> windows(PlanNode node) {
    List<PlanNode.Window> out = new ArrayList<>();
    if (node instanceof PlanNode.Window w) {
      out.add(w);
    }
    for (PlanNode child : node.children()) {
      out.addAll(windows(child));
    }
    return out;
  }

  @Test
  void rankingAndFramedAggregatesBecomeWindowNodes() {
    PlannedQuery q = planner.plan("""
        select n_regionkey, n_name,
               row_number() over (partition by n_regionkey order by n_name) as rn,
               rank() over (partition by n_regionkey order by n_name desc) as rk,
               sum(n_nationkey) over (partition by n_regionkey order by n_name
                                      rows between 1 preceding and 1 following) as s,
               lag(n_name, 2, 'none') over (order by n_nationkey) as before_name,
               count(*) over () as total
        from nation""", catalog);
    String printed = PlanPrinter.print(q.plan());
    List<PlanNode.Window> windows = windows(q.plan());
    assertTrue(windows.size() >= 3, printed);
    List<WindowCall> calls = windows.stream().flatMap(w -> w.calls().stream()).toList();
    assertTrue(calls.stream().anyMatch(c -> c.function() == WindowCall.WindowFunction.ROW_NUMBER), printed);
    assertTrue(calls.stream().anyMatch(c -> c.function() == WindowCall.WindowFunction.RANK), printed);
    WindowCall sum = calls.stream().filter(c -> c.function() == WindowCall.WindowFunction.SUM).findFirst().orElseThrow();
    assertEquals(new WindowFrame(WindowFrame.Units.ROWS, WindowFrame.Bound.preceding(1), WindowFrame.Bound.following(1)),
        sum.frame(), printed);
    WindowCall lag = calls.stream().filter(c -> c.function() == WindowCall.WindowFunction.LAG).findFirst().orElseThrow();
    assertEquals(2, lag.offset());
    assertEquals("none", String.valueOf(lag.defaultValue().value()));
    assertTrue(calls.stream().anyMatch(c -> c.function() == WindowCall.WindowFunction.COUNT && c.argument() == -1), printed);
    assertEquals(7, q.plan().schema().getFields().size(), printed);
    // serde keeps every node and call
    byte[] bytes = PlanSerde.serialize(q.plan());
    assertEquals(printed, PlanPrinter.print(PlanSerde.deserialize(bytes)));
    // distributed: a hash exchange on the partition keys (or one partition) below each window
    String staged = PlanPrinter.print(new DistributedPlanner(4).addExchanges(q.plan()));
    assertTrue(staged.contains("Exchange: hash"), staged);
  }

  @Test
  void unsupportedWindowFeaturesAreNamed() {
    BallistaException e = assertThrows(BallistaException.class, () -> planner.plan(
        "select count(distinct n_regionkey) over (partition by n_name) from nation", catalog));
    assertTrue(e.getMessage().contains("DISTINCT"), e.getMessage());
    e = assertThrows(BallistaException.class, () -> planner.plan(
        "select sum(n_nationkey) over (order by n_regionkey range between 2 preceding and current row) from nation",
        catalog));
    assertTrue(e.getMessage().contains("RANGE window frames with an offset"), e.getMessage());
  }
}
