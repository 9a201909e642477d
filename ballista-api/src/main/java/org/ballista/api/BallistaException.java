package org.ballista.api;

/**
 * The one exception type users of the engine see. {@link #kind()} says what class of problem it is,
 * the message names the problem (table, column, file, line and column of a SQL error).
 */
public class BallistaException extends RuntimeException {
  /** Classes of failure, so callers (CLI, scheduler) can tell user errors from internal ones. */
  public enum Kind {
    SQL_SYNTAX, PLANNING, TYPE_MISMATCH, NOT_FOUND, EXECUTION, IO, CANCELLED, INTERNAL, UNSUPPORTED
  }

  private final Kind kind;

  public BallistaException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public BallistaException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static BallistaException execution(String message) {
    return new BallistaException(Kind.EXECUTION, message);
  }

  public static BallistaException unsupported(String message) {
    return new BallistaException(Kind.UNSUPPORTED, message);
  }

  public static BallistaException internal(String message, Throwable cause) {
    return new BallistaException(Kind.INTERNAL, message, cause);
  }
}
