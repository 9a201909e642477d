package org.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BallistaCliTest {
  private static final String FRUITS = "select name, price from fruits";
  private static final String COUNT = "select count(*) as n from fruits";

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final List<FakeSession> sessions = new ArrayList<>();
  private InputStream stdin = new ByteArrayInputStream(new byte[0]);
  private Map<String, String> env = Map.of();

  @TempDir
  Path dir;

  private FakeSession teach(FakeSession s) {
    return s.answer(FRUITS, List.of("name", "price"), List.of(DataType.UTF8, DataType.decimal(10, 2)),
            new Object[] {"apple", "0.05"}, new Object[] {"pear, green", "1234567.89"},
            new Object[] {null, "-0.50"})
        .answer(COUNT, List.of("n"), List.of(DataType.INT64), new Object[] {3L});
  }

  private int run(String... args) {
    CliIo io = new CliIo(stdin, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8), null, env, null);
    return new BallistaCli(config -> {
      FakeSession s = teach(new FakeSession(config));
      sessions.add(s);
      return s;
    }, io).run(args);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private FakeSession session() {
    assertEquals(1, sessions.size());
    return sessions.get(0);
  }

  @Test
  void commandWithTwoStatementsPrintsBothResultsAsCsv() {
    assertEquals(0, run("--format", "csv", "-c", FRUITS + "; " + COUNT + ";"));
    assertEquals("""
        name,price
        apple,0.05
        "pear, green",1234567.89
        ,-0.50
        n
        3
        """, out());
    assertEquals("", err());
    assertEquals(List.of(FRUITS, COUNT), session().statements());
    assertTrue(session().closed());
  }

  @Test
  void jsonAndTsvFormats() {
    assertEquals(0, run("--format", "csv", "-c", COUNT, "--format", "JSON")); // the last --format wins
    assertEquals("{\"n\":3}\n", out());
    outBytes.reset();
    sessions.clear();
    assertEquals(0, run("--format=tsv", "-c", FRUITS));
    assertEquals("name\tprice\napple\t0.05\npear, green\t1234567.89\n\t-0.50\n", out());
  }

  @Test
  void tableFormatPrintsTableAndTimingOnStderr() {
    assertEquals(0, run("-c", COUNT));
    assertEquals("""
        +---+
        | n |
        +---+
        | 3 |
        +---+
        """, out());
    assertTrue(err().matches("1 row in \\d+\\.\\d{3} s\\R"), err());
  }

  @Test
  void quietLeavesOutTimingAndMaxRowsCutsTheTable() {
    assertEquals(0, run("--quiet", "--max-rows", "1", "-c", FRUITS));
    assertEquals("""
        +-------+-------+
        | name  | price |
        +-------+-------+
        | apple |  0.05 |
        +-------+-------+
        3 rows in total, 1 shown
        """, out());
    assertEquals("", err());
  }

  @Test
  void ddlPrintsNothing() {
    assertEquals(0, run("-c", "CREATE EXTERNAL TABLE fruits STORED AS PARQUET LOCATION '/x;y' ; " + COUNT, "--format", "csv"));
    assertEquals("n\n3\n", out());
    assertEquals("", err());
    assertEquals(List.of("CREATE EXTERNAL TABLE fruits STORED AS PARQUET LOCATION '/x;y'", COUNT), session().statements());
    outBytes.reset();
    errBytes.reset();
    sessions.clear();
    assertEquals(0, run("-c", "create table t"));
    assertEquals("", out());
    assertEquals("", err());
  }

  @Test
  void failingStatementStopsWithExitOneAndMessage() {
    assertEquals(1, run("--format", "csv", "-c", COUNT + "; select * from missing; " + FRUITS, "-c", FRUITS));
    assertEquals("n\n3\n", out());
    assertEquals("Error: no answer for: select * from missing\n", err().replace("\r\n", "\n"));
    assertEquals(List.of(COUNT, "select * from missing"), session().statements());
    assertTrue(session().closed());
  }

  @Test
  void debugEnvironmentAddsTheStackTrace() {
    env = Map.of("BALLISTA_DEBUG", "1");
    assertEquals(1, run("-c", "select nothing"));
    assertTrue(err().startsWith("Error: no answer for: select nothing"), err());
    assertTrue(err().contains(BallistaException.class.getName() + ": no answer for"), err());
    assertTrue(err().contains("\tat org.ballista.cli.FakeSession.sql"), err());
  }

  @Test
  void filesAndCommandsRunInCommandLineOrder() throws IOException {
    Path file = dir.resolve("q.sql");
    Files.writeString(file, "-- count; then list\n" + COUNT + ";\n/* fruits; */\n" + FRUITS + "\n");
    assertEquals(0, run("--format", "csv", "-c", "create table a", "-f", file.toString(), "-c", "create table b"));
    assertEquals(List.of("create table a", "-- count; then list\n" + COUNT, "/* fruits; */\n" + FRUITS, "create table b"),
        session().statements());
    assertEquals("n\n3\nname,price\napple,0.05\n\"pear, green\",1234567.89\n,-0.50\n", out());
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nope.sql");
    assertEquals(1, run("-c", "create table a", "-f", missing.toString(), "-c", "create table b"));
    assertEquals("Error: no such file: " + missing + System.lineSeparator(), err());
    assertEquals(List.of("create table a"), session().statements());
  }

  @Test
  void readsStatementsFromStdinWhenItIsNotATerminal() {
    stdin = new ByteArrayInputStream(("create table fruits; -- first\n" + COUNT + "\n;\n"
        + "select name,\n  price from fruits").getBytes(StandardCharsets.UTF_8));
    assertEquals(0, run("--format", "csv"));
    assertEquals(List.of("create table fruits", "-- first\n" + COUNT, "select name,\n  price from fruits"),
        session().statements());
    assertEquals("n\n3\nname,price\napple,0.05\n\"pear, green\",1234567.89\n,-0.50\n", out());
    assertEquals("", err());
  }

  @Test
  void stdinStopsAtTheFirstError() {
    stdin = new ByteArrayInputStream(("select oops;\n" + COUNT + ";\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(1, run("--format", "csv"));
    assertEquals("", out());
    assertEquals("Error: no answer for: select oops" + System.lineSeparator(), err());
    assertEquals(List.of("select oops"), session().statements());
  }

  @Test
  void partitionsAndBatchSizeReachTheSession() {
    assertEquals(0, run("--partitions", "3", "--batch-size", "100", "-c", "create table t"));
    assertEquals(new SessionConfig(3, 100), session().config());
  }

  @Test
  void usageErrorsExitTwoWithUsage() {
    assertEquals(2, run("--format", "xml", "-c", COUNT));
    assertTrue(err().contains("unknown output format 'xml': expected one of table, csv, tsv, json"), err());
    assertTrue(err().contains("Usage: ballista-cli"), err());
    assertTrue(sessions.isEmpty());
    errBytes.reset();
    assertEquals(2, run("--no-such-flag"));
    assertTrue(err().contains("Unknown option: '--no-such-flag'"), err());
    errBytes.reset();
    assertEquals(2, run("--partitions", "0", "-c", COUNT));
    assertTrue(err().startsWith("--partitions must be at least 1, got 0"), err());
    errBytes.reset();
    assertEquals(2, run("-c"));
    assertTrue(err().contains("Missing required parameter"), err());
  }

  @Test
  void helpGoesToStdoutWithExitZero() {
    assertEquals(0, run("--help"));
    assertTrue(out().startsWith("Usage: ballista-cli"), out());
    assertTrue(out().contains("--max-rows=N"), out());
    assertTrue(sessions.isEmpty());
  }

  @Test
  void remoteSchedulerIsRejected() {
    // nothing listens on port 1: the statement fails with an error naming the scheduler
    assertEquals(1, run("--scheduler", "127.0.0.1:1", "-c", "select 1"));
    assertTrue(err().startsWith("Error: ") && err().contains("127.0.0.1:1"), err());
    assertTrue(sessions.isEmpty());
  }

  @Test
  void engineThatCannotStartIsAnError() {
    CliIo io = new CliIo(stdin, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8), null, env, null);
    int status = new BallistaCli(config -> {
      throw new BallistaException(BallistaException.Kind.INTERNAL, "no engine on the class path");
    }, io).run("-c", COUNT);
    assertEquals(1, status);
    assertEquals("Error: no engine on the class path" + System.lineSeparator(), err());
  }
}
