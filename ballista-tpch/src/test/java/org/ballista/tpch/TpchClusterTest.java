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
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.StageStatus;
import org.ballista.runtime.cluster.ExecutorNode;
import org.ballista.runtime.cluster.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries (SF 0.1) on a LocalCluster: a scheduler and 3 executors with real gRPC and
 * Arrow Flight on loopback, every shuffle partition read over Flight (force-remote-read). One
 * cluster for the whole class; closing it checks that no executor leaked Arrow memory.
 */
class TpchClusterTest {
  @TempDir
  static Path data;
  static LocalCluster cluster;
  static SessionContext ctx;
  static final ExpectedAnswers ANSWERS = ExpectedAnswers.bundled(0.1);

  @BeforeAll
  static void start() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.1, 250_000, 2, 32_768).generate(data, allocator);
    }
    cluster = LocalCluster.builder().executors(3).taskSlots(2).forceRemoteRead(true)
        .config(SessionConfig.defaults().withTargetPartitions(3).withBatchSize(4096)).build();
    ctx = cluster.session();
    TpchBenchmark.registerTables(ctx, data);
  }

  @AfterAll
  static void stop() {
    try {
      if (ctx != null) {
        ctx.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  static List<Integer> queries() {
    return java.util.stream.IntStream.rangeClosed(1, 22).boxed().toList();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void matchesExpectedAnswerOnTheCluster(int query) {
    try (QueryResult result = ctx.sql(TpchQueries.sql(query)).collect()) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(ANSWERS.answer(query).orElseThrow(), result);
      assertTrue(mismatches.isEmpty(), () -> "Q" + query + " differs:\n" + mismatches + "\nactual:\n" + ResultFormatter.toCsv(result));
    }
  }

  @Test
  void joinStagesRunOnSeveralExecutorsAndShuffleOverFlight() {
    long servedBefore = cluster.executors().stream().mapToLong(ExecutorNode::bytesServed).sum();
    try (QueryResult result = ctx.sql(TpchQueries.sql(3)).collect()) {
      assertEquals(10, result.rowCount());
    }
    String jobId = ((org.ballista.runtime.session.LocalSessionContext) ctx).lastJobId();
    JobStatus status = ((org.ballista.runtime.session.LocalSessionContext) ctx).jobStatus(jobId);
    assertEquals(JobStatus.State.COMPLETED, status.getState());
    assertTrue(status.getStagesCount() >= 5, status.toString());
    for (StageStatus stage : status.getStagesList()) {
      assertEquals(StageStatus.State.SUCCESSFUL, stage.getState());
      assertEquals(stage.getPartitionCount(), stage.getTasks().getCompleted());
    }
    assertTrue(status.getBytesShuffled() > 0 && status.getRowsShuffled() > 0, status.toString());
    long served = cluster.executors().stream().mapToLong(ExecutorNode::bytesServed).sum() - servedBefore;
    assertTrue(served > 0, "partitions crossed Flight");
    long busy = cluster.executors().stream().filter(e -> e.completedTasks() > 0).count();
    assertTrue(busy >= 2, "tasks ran on several executors");
    long fetching = cluster.executors().stream().filter(e -> e.bytesFetched() > 0).count();
    assertTrue(fetching >= 2, "several executors fetched partitions over Flight");
  }
}
