package org.ballista.planner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.serde.PlanSerde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The physical plans of the 22 TPC-H queries survive protobuf: deserializing prints the same plan,
 * with the same output schema, and serializes again to the very same bytes (the records hold
 * arrays, so equals() cannot be used).
 */
class PlanSerdeTpchTest {
  private static final SqlPlanner PLANNER = new SqlPlanner();
  private static final TpchCatalog CATALOG = new TpchCatalog();

  @ParameterizedTest(name = "Q{0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
  void tpchPlanRoundTrips(int n) throws IOException {
    PlanNode plan = PLANNER.plan(SqlPlannerTest.query(n), CATALOG).plan();

    byte[] bytes = PlanSerde.serialize(plan);
    PlanNode back = PlanSerde.deserialize(bytes);

    assertEquals(PlanPrinter.print(plan), PlanPrinter.print(back));
    assertEquals(plan.schema(), back.schema());
    assertArrayEquals(bytes, PlanSerde.serialize(back));
  }
}
