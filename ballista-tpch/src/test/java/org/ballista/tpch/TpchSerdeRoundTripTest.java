package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.serde.PlanSerde;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serialize → deserialize → execute: each of the 22 TPC-H plans (scale 0.01, data generated here
 * once for the class) is turned into protobuf bytes, decoded, and the decoded plan is run; its
 * result must match the expected answer. Closing the session checks that no Arrow memory leaked.
 */
class TpchSerdeRoundTripTest {
  @TempDir
  static Path data;
  static LocalSessionContext ctx;
  static final ExpectedAnswers ANSWERS = ExpectedAnswers.bundled(0.01);

  @BeforeAll
  static void generate() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.01, 25_000, 2, 8_192).generate(data, allocator);
    }
    ctx = (LocalSessionContext) SessionContext.local(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(4096));
    TpchBenchmark.registerTables(ctx, data);
  }

  @AfterAll
  static void close() {
    if (ctx != null) {
      ctx.close(); // throws if any result or operator leaked Arrow memory
    }
  }

  static List<Integer> queries() {
    return java.util.stream.IntStream.rangeClosed(1, TpchQueries.COUNT).boxed().toList();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void deserializedPlanGivesTheExpectedAnswer(int query) {
    byte[] bytes = PlanSerde.serialize(ctx.plan(TpchQueries.sql(query)));
    PlanNode plan = PlanSerde.deserialize(bytes);
    assertArrayEquals(bytes, PlanSerde.serialize(plan));

    CsvTable expected = ANSWERS.answer(query).orElseThrow();
    try (QueryResult result = ctx.execute(plan)) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(expected, result);
      assertTrue(mismatches.isEmpty(), () -> "Q" + query + " differs:\n" + String.join("\n",
          mismatches.stream().map(Object::toString).toList()) + "\nactual:\n" + ResultFormatter.toCsv(result));
      assertEquals(expected.rows().size(), result.rowCount());
    }
  }
}
