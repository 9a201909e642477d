package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at scale 0.1 on a real cluster of OS processes on loopback: one
 * {@code ballista-scheduler} and two {@code ballista-executor} processes started by the test (the
 * same main classes as bin/), queried through {@code SessionContext.remote}.
 */
class TpchProcessClusterTest {
  @TempDir
  static Path data;
  @TempDir
  static Path work;
  static final List<Process> processes = new ArrayList<>();
  static SessionContext ctx;
  static final ExpectedAnswers ANSWERS = ExpectedAnswers.bundled(0.1);

  @BeforeAll
  static void start() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      new TpchDataGenerator(0.1, 250_000, 2, 32_768).generate(data, allocator);
    }
    Process scheduler = launch("org.ballista.cli.server.SchedulerMain", "--bind-host", "127.0.0.1", "--port", "0",
        "--target-partitions", "2");
    int port = awaitPort(scheduler, Pattern.compile("listening on [^:]+:(\\d+)"));
    for (int i = 1; i <= 2; i++) {
      Process executor = launch("org.ballista.cli.server.ExecutorMain", "--bind-host", "127.0.0.1", "--port", "0",
          "--scheduler-host", "127.0.0.1", "--scheduler-port", Integer.toString(port), "--concurrent-tasks", "2",
          "--executor-id", "process-executor-" + i, "--work-dir", work.resolve("e" + i).toString());
      awaitPort(executor, Pattern.compile("serving Flight on [^:]+:(\\d+)"));
    }
    ctx = SessionContext.remote("127.0.0.1:" + port, SessionConfig.defaults().withTargetPartitions(2));
    TpchBenchmark.registerTables(ctx, data);
  }

  static Process launch(String main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Darrow.enable_unsafe_memory_access=true", "-Xmx768m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(p);
    return p;
  }

  /** Reads the process's output until the line announcing its port (the rest of the output is drained). */
  static int awaitPort(Process p, Pattern announce) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 60_000;
    String line;
    StringBuilder seen = new StringBuilder();
    while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = announce.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe from filling up
            }
          } catch (IOException e) {
            // process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("process did not start:\n" + seen);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      if (ctx != null) {
        ctx.close();
      }
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  static List<Integer> queries() {
    return java.util.stream.IntStream.rangeClosed(1, 22).boxed().toList();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void matchesExpectedAnswerOnProcesses(int query) {
    try (QueryResult result = ctx.sql(TpchQueries.sql(query)).collect()) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(ANSWERS.answer(query).orElseThrow(), result);
      assertTrue(mismatches.isEmpty(), () -> "Q" + query + " differs:\n" + mismatches);
    }
    JobStatus status = ((LocalSessionContext) ctx).jobStatus(((LocalSessionContext) ctx).lastJobId());
    assertEquals(JobStatus.State.COMPLETED, status.getState());
    assertTrue(status.getStagesCount() >= 2 && status.getBytesShuffled() > 0, status.toString());
  }

  @Test
  void executorsDeleteFinishedJobsFiles() throws Exception {
    try (QueryResult r = ctx.sql("select count(*) from lineitem").collect()) {
      assertEquals(1, r.rowCount());
    }
    long deadline = System.currentTimeMillis() + 10_000;
    boolean empty = false;
    while (!empty && System.currentTimeMillis() < deadline) {
      empty = true;
      for (int i = 1; i <= 2; i++) {
        try (var files = Files.list(work.resolve("e" + i))) {
          empty &= files.findAny().isEmpty();
        }
      }
      Thread.sleep(50);
    }
    assertTrue(empty, "work dirs are empty once jobs are done");
  }
}
