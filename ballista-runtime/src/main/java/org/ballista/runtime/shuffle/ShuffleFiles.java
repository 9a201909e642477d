package org.ballista.runtime.shuffle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.ballista.api.BallistaException;

/** File-system side of shuffle data management (the layout itself is {@link ShufflePaths}). */
public final class ShuffleFiles {
  private ShuffleFiles() {}

  /** Deletes all shuffle files of {@code jobId} under {@code workDir}; a missing directory is fine. */
  public static void deleteJob(Path workDir, String jobId) {
    Path dir = ShufflePaths.jobDir(workDir, jobId);
    try {
      deleteRecursively(dir);
    } catch (IOException | UncheckedIOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot delete shuffle data " + dir + ": " + e, e);
    }
  }

  /** Deletes a directory tree (a whole work dir); a missing directory is fine. */
  public static void deleteTree(Path dir) {
    try {
      deleteRecursively(dir);
    } catch (IOException | UncheckedIOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot delete " + dir + ": " + e, e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw exc;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null && !(exc instanceof NoSuchFileException)) {
          throw exc;
        }
        deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteIfExists(Path p) throws IOException {
    Files.deleteIfExists(p);
  }
}
