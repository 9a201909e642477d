package org.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ballista.api.SessionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against the real local engine (no fakes): DDL, a query in csv, a failing statement. */
class BallistaCliEngineTest {
  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    CliIo io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null, Map.of(), null);
    return new BallistaCli(SessionContext::local, io).run(args);
  }

  @Test
  void runsStatementsAgainstTheEngine() throws IOException {
    Path csv = dir.resolve("fruit.csv");
    Files.writeString(csv, "name,price,sold\napple,0.50,2024-01-02\npear,1.25,2024-01-03\n\"kiwi, gold\",2.00,2024-01-04\n");
    int status = run("--format", "csv",
        "-c", "CREATE EXTERNAL TABLE fruit (name varchar, price decimal(10,2), sold date) STORED AS CSV "
            + "WITH HEADER ROW LOCATION '" + csv + "'",
        "-c", "SELECT name, price * 2 AS double_price, sold FROM fruit WHERE price > 0.75 ORDER BY price DESC");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    assertEquals("name,double_price,sold\n\"kiwi, gold\",4.00,2024-01-04\npear,2.50,2024-01-03\n",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void failingStatementExitsWithTheMessage() {
    int status = run("--format", "csv", "-c", "SELECT nosuch FROM (VALUES (1)) AS t(x)");
    assertEquals(1, status);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.startsWith("Error: ") && message.contains("nosuch") && message.contains("line 1, column 8"), message);
  }
}
