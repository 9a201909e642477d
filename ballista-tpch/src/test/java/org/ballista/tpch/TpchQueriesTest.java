package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 22 TPC-H queries at scale 0.01 on data generated here, through the real engine (SQL →
 * Calcite → our operators), each compared with the expected answer. Tables are split in several
 * files and the session uses 2 partitions, so partitioned scans, partial/final aggregation and
 * shared hash-join builds are all exercised. Closing the session checks that no Arrow memory leaked.
 */
class TpchQueriesTest {
  @TempDir
  static Path data;
  static SessionContext ctx;
  static final ExpectedAnswers ANSWERS = ExpectedAnswers.bundled(0.01);

  @BeforeAll
  static void generate() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.01, 25_000, 2, 8_192).generate(data, allocator);
    }
    ctx = SessionContext.local(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(4096));
    TpchBenchmark.registerTables(ctx, data);
  }

  @AfterAll
  static void close() {
    if (ctx != null) {
      ctx.close(); // throws if any result or operator leaked Arrow memory
    }
  }

  static List<Integer> queries() {
    return java.util.stream.IntStream.rangeClosed(1, 22).boxed().toList();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void matchesExpectedAnswer(int query) {
    CsvTable expected = ANSWERS.answer(query).orElseThrow();
    try (QueryResult result = ctx.sql(TpchQueries.sql(query)).collect()) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(expected, result);
      assertTrue(mismatches.isEmpty(), () -> "Q" + query + " differs:\n" + String.join("\n",
          mismatches.stream().map(Object::toString).toList()) + "\nactual:\n" + ResultFormatter.toCsv(result));
      assertEquals(expected.rows().size(), result.rowCount());
    }
  }
}
