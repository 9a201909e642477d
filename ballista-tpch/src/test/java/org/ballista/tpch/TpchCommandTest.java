package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TpchCommandTest {
  @TempDir Path tmp;
  Path data;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<FakeSession> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
  List<Integer> failing = List.of();
  List<Integer> wrong = List.of();

  @BeforeEach
  void emptyTables() throws Exception {
    data = tmp.resolve("data");
    for (String t : TpchSchemas.TABLE_NAMES) {
      Files.createDirectories(data.resolve(t));
    }
  }

  private int run(String... args) {
    CommandLine cl = TpchCommand.commandLine(config -> {
      FakeSession s = new FakeSession(config, failing, wrong);
      sessions.add(s);
      return s;
    });
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void benchChecksAgainstBundledAnswersAndWritesJson() throws Exception {
    Path json = tmp.resolve("report/bench.json");
    int code = run("bench", "--sf", "0.01", "--data", data.toString(), "--queries", "6,1-2,q17",
        "--iterations", "2", "--check", "bundled", "--json", json.toString(), "--partitions", "3");
    assertEquals(0, code, out + "\n" + err);
    FakeSession s = sessions.get(0);
    assertEquals(TpchSchemas.TABLE_NAMES.stream().sorted().toList(), s.tableNames());
    assertEquals(data.resolve("lineitem").toAbsolutePath().toString(), s.tables.get("lineitem"));
    assertEquals(3, s.config().targetPartitions());
    assertEquals(8, s.queriesRun);
    String text = out.toString();
    assertTrue(text.contains("q06  runs ["), text);
    assertTrue(text.contains("rows 4  OK"), text); // q01
    assertTrue(text.contains("PASSED"), text);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertEquals(4, doc.get("queries").size());
    assertEquals(List.of(6, 1, 2, 17), List.of(doc.get("queries").get(0).get("query").asInt(),
        doc.get("queries").get(1).get("query").asInt(), doc.get("queries").get(2).get("query").asInt(),
        doc.get("queries").get(3).get("query").asInt()));
    assertEquals(2, doc.get("queries").get(0).get("millis").size());
    assertEquals("OK", doc.get("queries").get(3).get("status").asText());
    assertTrue(doc.get("passed").asBoolean());
    assertTrue(text.lines().anyMatch(l -> l.startsWith("JSON {")), text);
  }

  @Test
  void failingAndWrongQueriesAreReportedAndTheRunContinues() {
    failing = List.of(3);
    wrong = List.of(5);
    int code = run("bench", "--sf", "0.01", "--data", data.toString(), "--queries", "3,5,6",
        "--iterations", "1", "--check", "bundled");
    assertEquals(1, code);
    String text = out.toString();
    assertTrue(text.contains("q03  runs [] ms  ERROR: EXECUTION: boom in q3"), text);
    assertTrue(text.contains("MISMATCH"), text);
    assertTrue(text.contains("row 1, column n_name: expected 'VIETNAM', actual 'VIETNAMX'"), text);
    assertTrue(text.contains("q06") && text.contains("FAILED: 2 queries"), text);
  }

  @Test
  void uncheckedRunPassesWithoutAnswers() {
    assertEquals(0, run("bench", "--data", data.toString(), "--queries", "1", "--iterations", "1"));
    assertTrue(out.toString().contains("UNCHECKED"), out.toString());
  }

  @Test
  void checkDirectoryUsesItsFiles() throws Exception {
    Path answers = Files.createDirectories(tmp.resolve("answers"));
    Files.writeString(answers.resolve("q06.csv"), "revenue\n1.00\n");
    assertEquals(1, run("bench", "--data", data.toString(), "--queries", "6", "--iterations", "1",
        "--check", answers.toString()));
    assertTrue(out.toString().contains("expected '1.00', actual '1193053.23'"), out.toString());
  }

  @Test
  void missingDataDirectoryIsAClearError() {
    int code = run("bench", "--data", tmp.resolve("nope").toString(), "--queries", "1");
    assertEquals(1, code);
    assertTrue(err.toString().startsWith("error: data directory"), err.toString());
    assertTrue(err.toString().contains("ballista-tpch gen"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void badQueryListIsAUsageError() {
    assertEquals(2, run("bench", "--data", data.toString(), "--queries", "1,x"));
    assertTrue(err.toString().contains("bad query list '1,x'"), err.toString());
    assertEquals(2, run("bench", "--data", data.toString(), "--queries", "23"));
    assertTrue(sessions.isEmpty());
  }

  @Test
  void bundledAnswersMustExistForTheScale() {
    assertEquals(1, run("bench", "--sf", "3", "--data", data.toString(), "--check", "bundled"));
    assertTrue(err.toString().contains("no bundled answers for scale factor 3"), err.toString());
  }

  @Test
  void demoGeneratesOnceThenReuses() throws Exception {
    Path dir = tmp.resolve("demo");
    // SF 0.001 keeps the test fast; there are no bundled answers for it, so nothing is checked.
    assertEquals(0, run("demo", "--sf", "0.001", "--dir", dir.toString(), "--queries", "6"));
    assertTrue(out.toString().contains("generating TPC-H SF 0.001"), out.toString());
    assertTrue(out.toString().contains("no bundled answers for SF 0.001"), out.toString());
    assertTrue(out.toString().contains("lineitem"), out.toString());
    assertTrue(Files.exists(dir.resolve("lineitem/part-00000.parquet")));
    out.getBuffer().setLength(0);
    assertEquals(0, run("demo", "--sf", "0.01", "--dir", dir.toString(), "--queries", "6"));
    assertTrue(out.toString().contains("using existing data"), out.toString());
    assertTrue(out.toString().contains("OK"), out.toString()); // the fake engine answers with the SF 0.01 answers
  }

  private void fakeParquetFiles() throws Exception {
    for (String t : TpchSchemas.TABLE_NAMES) {
      Files.writeString(data.resolve(t).resolve("part-00000.parquet"), "the fake engine reads no file");
    }
  }

  @Test
  void loadRunsClientsConcurrentlyAndReportsThroughput() throws Exception {
    fakeParquetFiles();
    int code = run("load", "--clients", "3", "--duration", "300ms", "--data", data.toString(), "--partitions", "2");
    assertEquals(0, code, out + "\n" + err);
    assertEquals(3, sessions.size());
    for (FakeSession s : sessions) {
      assertEquals(TpchSchemas.TABLE_NAMES.stream().sorted().toList(), s.tableNames());
      assertEquals(2, s.config().targetPartitions());
      assertTrue(s.queriesRun >= 1, out.toString());
    }
    String text = out.toString();
    assertTrue(text.contains("using existing data"), text);
    assertTrue(text.contains("load: 3 clients x 300 ms"), text);
    assertTrue(text.contains("checking against classpath:tpch/answers/sf0.01/"), text);
    assertTrue(text.contains("queries/minute; 0 failure(s)"), text);
    assertTrue(text.contains("latency all: n "), text);
    assertTrue(text.contains("latency warm (without each client's first query): n "), text);
    assertTrue(text.contains("slowest: q"), text);
    assertTrue(text.contains("PASSED"), text);
  }

  @Test
  void loadReportsFailingAndWrongQueries() throws Exception {
    fakeParquetFiles();
    failing = List.of(3);
    wrong = List.of(5);
    int code = run("load", "--clients", "2", "--duration", "0.2s", "--data", data.toString());
    assertEquals(1, code, out + "\n" + err);
    String text = out.toString();
    assertTrue(text.contains("FAILURE client 0 q03: EXECUTION: boom in q3"), text);
    assertTrue(text.contains("q05: wrong answer: row 1, column n_name: expected 'VIETNAM', actual 'VIETNAMX'"), text);
    assertTrue(text.contains("FAILED"), text);
  }

  @Test
  void loadArgumentsAreChecked() {
    assertEquals(2, run("load", "--data", data.toString(), "--duration", "soon"));
    assertTrue(err.toString().contains("bad --duration 'soon'"), err.toString());
    assertEquals(2, run("load", "--data", data.toString(), "--duration", "0s"));
    assertEquals(2, run("load", "--data", data.toString(), "--clients", "0"));
    assertTrue(err.toString().contains("--clients must be >= 1, got 0"), err.toString());
    assertTrue(sessions.isEmpty());
    CommandLine cl = new CommandLine(new TpchCommand());
    assertEquals(java.time.Duration.ofMillis(500), LoadCommand.parseDuration(cl, "500ms"));
    assertEquals(java.time.Duration.ofSeconds(60), LoadCommand.parseDuration(cl, "60"));
    assertEquals(java.time.Duration.ofSeconds(90), LoadCommand.parseDuration(cl, "1.5m"));
  }

  @Test
  void parsesQueryLists() {
    CommandLine cl = new CommandLine(new TpchCommand());
    assertEquals(22, BenchCommand.parseQueries(cl, "all").size());
    assertEquals(List.of(9, 1, 2, 3), BenchCommand.parseQueries(cl, "9, 1-3, 2"));
  }
}
