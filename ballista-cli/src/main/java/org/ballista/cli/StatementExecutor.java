package org.ballista.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.runtime.format.OutputFormat;

/**
 * Runs one statement on a session and prints its result. A statement whose result has no columns
 * (DDL such as {@code CREATE EXTERNAL TABLE}) prints nothing, except {@code OK} on standard error in
 * interactive table mode. In table mode, unless quiet, {@code "N rows in X.XXX s"} (planning and
 * execution time, printing excluded) follows each query on standard error. Every result is closed.
 *
 * <p>{@link #cancelRunning()} (from another thread: a Ctrl-C handler) cancels the statement running
 * now: its query stops and {@link #execute} throws CANCELLED.
 */
final class StatementExecutor {
  private final SessionContext session;
  private final OutputSettings settings;
  private final boolean interactive;
  private final PrintStream out;
  private final PrintStream err;
  private volatile boolean running;
  private volatile boolean cancelRequested;

  StatementExecutor(SessionContext session, OutputSettings settings, boolean interactive, PrintStream out,
      PrintStream err) {
    this.session = session;
    this.settings = settings;
    this.interactive = interactive;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code sql} (one statement, without its semicolon); throws whatever the engine throws, and
   * CANCELLED when {@link #cancelRunning()} cancelled it.
   */
  void execute(String sql) {
    cancelRequested = false;
    running = true;
    try {
      run(sql);
    } finally {
      running = false;
    }
  }

  /**
   * Cancels the statement running now, if any (safe from any thread): a query being planned does
   * not start, a running query is cancelled ({@link SessionContext#cancelRunningQueries()}).
   * Statements that change the catalog (DDL) are not undone. Returns whether a statement was
   * running.
   */
  boolean cancelRunning() {
    if (!running) {
      return false;
    }
    cancelRequested = true;
    session.cancelRunningQueries();
    return true;
  }

  /** Whether the last statement run was cancelled by {@link #cancelRunning()}. */
  boolean cancelRequested() {
    return cancelRequested;
  }

  /** Whether a statement is running now. */
  boolean running() {
    return running;
  }

  private void run(String sql) {
    long start = System.nanoTime();
    DataFrame frame = session.sql(sql);
    boolean table = settings.format() == OutputFormat.TABLE;
    if (frame.schema().getFields().isEmpty()) {
      if (interactive && table && !settings.quiet()) {
        err.println("OK");
      }
      return;
    }
    if (cancelRequested) {
      throw new BallistaException(BallistaException.Kind.CANCELLED, "query cancelled before it started");
    }
    try (QueryResult result = frame.collect()) {
      double seconds = (System.nanoTime() - start) / 1e9;
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      settings.format().write(result, writer, settings.maxRows());
      writer.flush();
      out.flush();
      if (table && !settings.quiet()) {
        long rows = result.rowCount();
        err.printf(Locale.ROOT, "%d %s in %.3f s%n", rows, rows == 1 ? "row" : "rows", seconds);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
