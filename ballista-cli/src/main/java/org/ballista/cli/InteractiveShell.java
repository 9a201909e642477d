package org.ballista.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.SessionContext;
import org.ballista.api.types.DataType;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive prompt: reads statements with JLine (multi-line until a ';' ends them, history
 * kept in a file), runs them, prints errors and carries on. Leaves on {@code \q}, {@code quit},
 * {@code exit} or Ctrl-D; Ctrl-C drops the input being typed, and while a statement runs cancels it
 * (its query stops, {@value #CANCELLED_MESSAGE} is printed on standard error, the rest of that
 * input is skipped and the prompt returns). Shell commands: {@code \q}, {@code \?} (help), {@code
 * \d} (list tables) and {@code \d NAME} (a table's columns).
 */
final class InteractiveShell {
  static final String PROMPT = "ballista> ";
  static final String CONTINUATION_PROMPT = "       -> ";
  static final String CANCELLED_MESSAGE = "Query cancelled.";

  private final Terminal terminal;
  private final Path historyFile;
  private final SessionContext session;
  private final StatementExecutor executor;
  private final ErrorReporter errors;
  private final PrintStream out;

  InteractiveShell(Terminal terminal, Path historyFile, SessionContext session, StatementExecutor executor,
      ErrorReporter errors, PrintStream out) {
    this.terminal = terminal;
    this.historyFile = historyFile;
    this.session = session;
    this.executor = executor;
    this.errors = errors;
    this.out = out;
  }

  /** Runs the prompt until the user leaves; statement errors are reported and do not end it. */
  void run() {
    LineReaderBuilder builder = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("ballista")
        .parser(new SqlLineParser())
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    LineReader reader = builder.build();
    // while a line is read, JLine installs its own Ctrl-C handler (dropping the line) and restores this one after
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> interrupt());
    try {
      while (true) {
        String input;
        try {
          input = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          return;
        }
        // JLine's Ctrl-C handler interrupts this thread; a late interrupt must not cancel the next query
        Thread.interrupted();
        if (isShellCommand(input)) {
          if (!shellCommand(input.strip())) {
            return;
          }
          continue;
        }
        for (String statement : StatementSplitter.splitScript(input)) {
          try {
            executor.execute(statement);
          } catch (RuntimeException e) {
            if (executor.cancelRequested()) {
              errors.notice(CANCELLED_MESSAGE);
              break;
            }
            errors.report(e);
          }
        }
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      saveHistory(reader);
    }
  }

  /**
   * What Ctrl-C does outside line reading: cancels the running statement, if any. Called on the
   * terminal's signal thread (or by tests); returns whether a statement was running.
   */
  boolean interrupt() {
    try {
      return executor.cancelRunning();
    } catch (RuntimeException e) {
      errors.report(e);
      return true;
    }
  }

  /** Whether a statement is running now. */
  boolean statementRunning() {
    return executor.running();
  }

  /** Whether {@code line} is a shell command rather than SQL: it starts with a backslash, or is quit/exit. */
  static boolean isShellCommand(String line) {
    String s = line.strip();
    return s.startsWith("\\") || isQuit(s);
  }

  private static boolean isQuit(String s) {
    String word = s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    word = word.toLowerCase(Locale.ROOT);
    return word.equals("quit") || word.equals("exit") || word.equals("\\q");
  }

  /** Runs a shell command; returns false when the shell should end. */
  private boolean shellCommand(String command) {
    if (isQuit(command)) {
      return false;
    }
    try {
      if (command.equals("\\?") || command.equals("\\h")) {
        out.println("""
            Statements end with ';' and may span several lines.
              \\d          list tables
              \\d NAME     columns of table NAME
              \\q          quit (also: quit, exit, Ctrl-D)""");
      } else if (command.equals("\\d")) {
        session.tableNames().forEach(out::println);
      } else if (command.startsWith("\\d ")) {
        Schema schema = session.tableSchema(command.substring(3).strip());
        for (Field f : schema.getFields()) {
          out.println(f.getName() + " " + DataType.fromArrow(f.getType()) + (f.isNullable() ? "" : " NOT NULL"));
        }
      } else {
        out.println("unknown command " + command + " (\\? for help)");
      }
    } catch (RuntimeException e) {
      errors.report(e);
    }
    out.flush();
    return true;
  }

  private void saveHistory(LineReader reader) {
    try {
      reader.getHistory().save();
    } catch (java.io.IOException | RuntimeException e) {
      // History is a convenience: failing to save it must not fail the session.
    }
  }
}
