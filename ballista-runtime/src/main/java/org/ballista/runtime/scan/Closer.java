package org.ballista.runtime.scan;

import java.util.List;

/** Closes several resources in order, keeping the first failure and adding later ones as suppressed. */
final class Closer {
  private Closer() {}

  /** Closes all non-null {@code resources} in the given order; rethrows the first failure (unchecked). */
  static void closeAll(AutoCloseable... resources) {
    Throwable first = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Throwable t) {
        if (first == null) {
          first = t;
        } else {
          first.addSuppressed(t);
        }
      }
    }
    rethrow(first);
  }

  static void closeAll(List<? extends AutoCloseable> resources) {
    closeAll(resources.toArray(new AutoCloseable[0]));
  }

  /** Closes {@code resources} after a failure, adding close failures to {@code primary} as suppressed. */
  static void closeQuietly(Throwable primary, AutoCloseable... resources) {
    try {
      closeAll(resources);
    } catch (Throwable t) {
      primary.addSuppressed(t);
    }
  }

  private static void rethrow(Throwable t) {
    if (t == null) {
      return;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException(t.getMessage(), t);
  }
}
