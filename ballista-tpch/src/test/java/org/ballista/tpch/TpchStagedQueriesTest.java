package org.ballista.tpch;

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
 * The 22 TPC-H queries at scale 0.01 run the distributed way in one process: the plan goes through
 * protobuf, is cut into stages, and every stage's tasks write Arrow IPC shuffle files that the next
 * stage reads back, with 3 hash partitions per exchange. Each result is compared with the expected
 * answer; closing the session checks for leaked Arrow memory.
 */
class TpchStagedQueriesTest {
  @TempDir
  static Path data;
  static LocalSessionContext ctx;
  static final ExpectedAnswers ANSWERS = ExpectedAnswers.bundled(0.01);

  @BeforeAll
  static void generate() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.01, 25_000, 2, 8_192).generate(data, allocator);
    }
    ctx = (LocalSessionContext) SessionContext.local(SessionConfig.defaults().withTargetPartitions(3).withBatchSize(4096));
    TpchBenchmark.registerTables(ctx, data);
  }

  @AfterAll
  static void close() {
    if (ctx != null) {
      ctx.close();
    }
  }

  static List<Integer> queries() {
    return java.util.stream.IntStream.rangeClosed(1, 22).boxed().toList();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void matchesExpectedAnswerThroughStages(int query) {
    PlanNode plan = PlanSerde.deserialize(PlanSerde.serialize(ctx.plan(TpchQueries.sql(query))));
    try (QueryResult result = ctx.executeInStages(plan)) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(ANSWERS.answer(query).orElseThrow(), result);
      assertTrue(mismatches.isEmpty(), () -> "Q" + query + " differs:\n" + mismatches + "\nactual:\n" + ResultFormatter.toCsv(result));
    }
  }
}
