package org.ballista.transport.flight;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Resolves shuffle paths received from the network or a scheduler against a work dir, safely. */
final class WorkDirPaths {
  private WorkDirPaths() {}

  /**
   * The file a relative shuffle path names inside {@code workDir}.
   *
   * @throws IllegalArgumentException if the path is empty, absolute, contains a {@code ..} segment,
   *     a NUL or a backslash, or does not resolve strictly inside the work dir
   */
  static Path resolve(Path workDir, String relative) {
    if (relative == null || relative.isEmpty()) {
      throw new IllegalArgumentException("empty shuffle path");
    }
    if (relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("shuffle path must be relative to the work dir: " + relative);
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException("shuffle path must not contain '..': " + relative);
      }
    }
    Path base = workDir.toAbsolutePath().normalize();
    Path resolved;
    try {
      Path rel = Path.of(relative);
      if (rel.isAbsolute()) {
        throw new IllegalArgumentException("shuffle path must be relative to the work dir: " + relative);
      }
      resolved = base.resolve(rel).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid shuffle path: " + relative, e);
    }
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new IllegalArgumentException("shuffle path resolves outside the work dir: " + relative);
    }
    return resolved;
  }

  /**
   * Checks that an existing file, after following symbolic links, still lies inside the work dir.
   *
   * @throws IllegalArgumentException if it does not
   * @throws java.io.IOException if the file cannot be resolved
   */
  static void checkRealPathInside(Path workDir, Path file, String relative) throws java.io.IOException {
    if (!file.toRealPath().startsWith(workDir.toRealPath())) {
      throw new IllegalArgumentException("shuffle path resolves outside the work dir: " + relative);
    }
  }

  /** Whether {@code jobId} is a single, plain path segment (no separators, not {@code .}/{@code ..}). */
  static boolean isPlainSegment(String jobId) {
    return jobId != null && !jobId.isEmpty() && !jobId.equals(".") && !jobId.equals("..")
        && jobId.indexOf('/') < 0 && jobId.indexOf('\\') < 0 && jobId.indexOf('\0') < 0;
  }
}
