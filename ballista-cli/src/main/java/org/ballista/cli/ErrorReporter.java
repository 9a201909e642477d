package org.ballista.cli;

import java.io.PrintStream;
import org.ballista.api.BallistaException;

/**
 * Prints a failure as one line {@code Error: <message>} on standard error; with debugging on
 * (environment variable {@code BALLISTA_DEBUG} set), the stack trace follows.
 */
final class ErrorReporter {
  private final PrintStream err;
  private final boolean debug;

  ErrorReporter(PrintStream err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  void report(Throwable failure) {
    err.println("Error: " + message(failure));
    if (debug) {
      failure.printStackTrace(err);
    }
    err.flush();
  }

  /** Prints one line of information (not a failure), such as {@code Query cancelled.}. */
  void notice(String line) {
    err.println(line);
    err.flush();
  }

  /** The engine's own message for a {@link BallistaException}; class and message for anything else (a bug). */
  static String message(Throwable failure) {
    if (failure instanceof BallistaException && failure.getMessage() != null) {
      return failure.getMessage();
    }
    return failure.getMessage() == null ? failure.getClass().getName() : failure.toString();
  }
}
