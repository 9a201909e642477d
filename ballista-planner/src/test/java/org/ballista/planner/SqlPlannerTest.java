package org.ballista.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.PlanNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlPlannerTest {
  private final SqlPlanner planner = new SqlPlanner();
  private final TpchCatalog catalog = new TpchCatalog();

  static String query(int n) throws IOException {
    try (InputStream in = SqlPlannerTest.class.getResourceAsStream(String.format("/tpch/q%02d.sql", n))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
  void plansEveryTpchQuery(int n) throws IOException {
    PlannedQuery q = planner.plan(query(n), catalog);
    String physical = PlanPrinter.print(q.plan());
    if (System.getenv("SHOW_PLANS") != null) {
      System.out.println("== Q" + n + "\n" + q.logicalPlan() + "\n" + physical);
    }
    assertFalse(q.logicalPlan().contains("Correlate"), q.logicalPlan());
    assertFalse(physical.contains("NestedLoopJoin") && n != 11 && n != 22 && n != 15, physical);
  }

  @Test
  void unnamedResultColumnsAreNamedAfterTheirText() {
    PlannedQuery q = planner.plan("select upper(n_name), count(*),\n  n_regionkey + 1, n_name as nm, n_name from nation "
        + "group by upper(n_name), n_regionkey + 1, n_name", catalog);
    assertEquals(List.of("upper(n_name)", "count(*)", "n_regionkey + 1", "nm", "n_name"),
        q.plan().schema().getFields().stream().map(f -> f.getName()).toList());
  }

  @Test
  void syntaxErrorNamesLineAndColumn() {
    BallistaException e = assertThrows(BallistaException.class, () -> planner.plan("select *\nfrom lineitem whre x", catalog));
    assertEquals(BallistaException.Kind.SQL_SYNTAX, e.kind());
    assertTrue(e.getMessage().contains("line 2, column"), e.getMessage());
  }

  @Test
  void unknownTableAndColumnAreNamed() {
    BallistaException t = assertThrows(BallistaException.class, () -> planner.plan("select * from nosuch", catalog));
    assertEquals(BallistaException.Kind.NOT_FOUND, t.kind());
    assertTrue(t.getMessage().contains("nosuch"), t.getMessage());
    BallistaException c = assertThrows(BallistaException.class, () -> planner.plan("select l_nosuch from lineitem", catalog));
    assertTrue(c.getMessage().contains("l_nosuch") && c.getMessage().contains("line 1, column 8"), c.getMessage());
  }

  @Test
  void typeMismatchIsReported() {
    BallistaException e = assertThrows(BallistaException.class,
        () -> planner.plan("select * from lineitem where l_shipdate = 5", catalog));
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
  }

  @Test
  void projectionIsPushedIntoTheScan() {
    PlannedQuery q = planner.plan("select sum(l_quantity) from lineitem where l_discount > 0.05", catalog);
    PlanNode scan = q.plan();
    while (!scan.children().isEmpty()) {
      scan = scan.children().get(0);
    }
    assertEquals(2, ((PlanNode.Scan) scan).projection().length);
  }
}
