package org.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ballista.api.types.DataType;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the prompt through a dumb JLine terminal fed from a string. */
class InteractiveShellTest {
  private static final String COUNT = "select count(*) as n from fruits";

  @TempDir
  Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private FakeSession session;

  private int type(String keys, String... args) {
    ByteArrayInputStream keyboard = new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8));
    CliIo io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8),
        () -> new DumbTerminal("test", "dumb", keyboard, screen, StandardCharsets.UTF_8), Map.of(),
        dir.resolve("history"));
    return new BallistaCli(config -> {
      session = new FakeSession(config).answer(COUNT, List.of("n"), List.of(DataType.INT64), new Object[] {3L});
      return session;
    }, io).run(args);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void multiLineStatementsRunWhenTheSemicolonArrives() throws Exception {
    assertEquals(0, type("create table fruits;\nselect count(*)\n  as n from fruits\n;\n\\q\nselect 'never';\n", "--format", "csv"));
    assertEquals(List.of("create table fruits", "select count(*)\n  as n from fruits"), session.statements());
    assertEquals("n\n3\n", out());
    assertEquals("", err());
    assertTrue(session.closed());
    String history = Files.readString(dir.resolve("history"));
    assertTrue(history.contains("create table fruits;"), history);
  }

  @Test
  void errorsArePrintedAndThePromptContinues() {
    assertEquals(0, type("select oops;\n" + COUNT + "; create table x;\nquit\n"));
    assertEquals(List.of("select oops", COUNT, "create table x"), session.statements());
    assertEquals("+---+\n| n |\n+---+\n| 3 |\n+---+\n", out());
    String[] lines = err().split("\\R");
    assertEquals("Error: no answer for: select oops", lines[0]);
    assertTrue(lines[1].matches("1 row in \\d+\\.\\d{3} s"), lines[1]);
    assertEquals("OK", lines[2]);
    assertEquals(3, lines.length);
  }

  @Test
  void endOfInputLeavesAndQuotedSemicolonsWaitForMore() {
    assertEquals(0, type("select 'a;\nb' as s from fruits -- ;\n;\n", "--format", "csv", "--quiet"));
    assertEquals(List.of("select 'a;\nb' as s from fruits -- ;"), session.statements());
    assertEquals("Error: no answer for: select 'a;\nb' as s from fruits -- ;" + System.lineSeparator(), err());
  }

  @Test
  void shellCommandsListTablesAndShowHelp() {
    assertEquals(0, type("create table b;\ncreate table a;\n\\d\n\\?\n\\d nope\nexit;\n", "--quiet"));
    assertTrue(out().startsWith("a\nb\nStatements end with ';'"), out());
    assertEquals("Error: table 'nope' not found" + System.lineSeparator(), err());
  }
}
