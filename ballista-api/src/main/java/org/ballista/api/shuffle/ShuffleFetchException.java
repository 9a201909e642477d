package org.ballista.api.shuffle;

import java.util.Objects;
import org.ballista.api.BallistaException;

/**
 * Reading a shuffle file failed (its executor is unreachable, or the file is gone): the stage that
 * wrote it must run again. Carries the location, so a scheduler can tell which executor's outputs
 * are lost. Its kind is {@link BallistaException.Kind#IO}.
 */
public final class ShuffleFetchException extends BallistaException {
  private final ShuffleLocation location;

  public ShuffleFetchException(ShuffleLocation location, Throwable cause) {
    super(Kind.IO, cause instanceof BallistaException b && b.getMessage() != null ? b.getMessage()
        : "shuffle fetch of " + location.path() + " from " + location.address() + " (executor "
            + location.executorId() + ") failed: " + cause, cause);
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The location that could not be read. */
  public ShuffleLocation location() {
    return location;
  }

  /** The first {@code ShuffleFetchException} in {@code e}'s cause chain, or null. */
  public static ShuffleFetchException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShuffleFetchException f) {
        return f;
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof ShuffleFetchException f) {
          return f;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
