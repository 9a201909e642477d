package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.cluster.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency: 8 clients, each with its own remote session, run the 22 TPC-H queries (SF 0.01) in a
 * loop for a few seconds on a 3-executor LocalCluster that reads every shuffle partition over
 * Flight. Every answer must be right, no job may fail, every client must get work done (no
 * starvation), and afterwards the executors must hold no Arrow memory and no shuffle files.
 */
class TpchLoadTest {
  @TempDir
  Path data;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void eightClientsShareTheClusterAndEveryAnswerIsRight() {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.01, 25_000, 2, 8_192).generate(data, allocator);
    }
    StringWriter text = new StringWriter();
    try (LocalCluster cluster = LocalCluster.builder().executors(3).taskSlots(2).forceRemoteRead(true)
        .config(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(4096)).build()) {
      TpchLoadRun.Report report = new TpchLoadRun(cluster::session, data, 8, Duration.ofSeconds(5),
          Duration.ofSeconds(60), Optional.of(ExpectedAnswers.bundled(0.01)), new PrintWriter(text, true)).run();
      System.out.print(text); // the figures, in the surefire report

      assertEquals(List.of(), report.failures(), text::toString);
      assertEquals(8, report.perClient().size());
      for (int c = 0; c < 8; c++) {
        assertTrue(report.perClient().get(c) >= 1, "client " + c + " starved:\n" + text);
      }
      assertEquals(report.completed(), report.checked(), "every answer was checked");
      assertTrue(report.completed() >= 8, text::toString);
      assertTrue(report.queriesPerMinute() > 0, text::toString);
      assertTrue(report.slowest().isPresent());
      assertEquals(report.overall().max(), report.slowest().get().millis());
      assertEquals(report.completed() - 8, report.warm().count(), "warm latencies leave out each client's first query");
      assertTrue(text.toString().contains("queries/minute"), text::toString);

      List<String> held = TpchLoadRun.awaitExecutorsClean(cluster.executors(), Duration.ofSeconds(5));
      assertEquals(List.of(), held, "executors still hold memory or shuffle files after the run");
    }
  }

  @Test
  void clientsStartAtDifferentQueries() {
    assertEquals(List.of(1, 2, 3), TpchLoadRun.order(0, 8).subList(0, 3));
    assertEquals(22, TpchLoadRun.order(0, 8).size());
    assertEquals(3, TpchLoadRun.order(1, 8).get(0));
    assertEquals(15, TpchLoadRun.order(7, 8).get(0));
    assertEquals(List.of(22, 1), TpchLoadRun.order(7, 8).subList(7, 9));
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22),
        TpchLoadRun.order(1, 8).stream().sorted().toList());
    assertEquals(2, TpchLoadRun.order(1, 30).get(0));
  }

  @Test
  void latencyPercentilesAreNearestRank() {
    double[] ms = new double[100];
    for (int i = 0; i < 100; i++) {
      ms[i] = 100 - i;
    }
    TpchLoadRun.Latency l = TpchLoadRun.Latency.of(ms);
    assertEquals(100, l.count());
    assertEquals(50.0, l.p50());
    assertEquals(95.0, l.p95());
    assertEquals(100.0, l.max());
    assertEquals(0, TpchLoadRun.Latency.of(new double[0]).count());
  }
}
