package org.ballista.runtime.scan;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.ballista.api.BallistaException;

/** Listing and grouping of the data files of a file-backed table. Stateless. */
final class FileLists {
  private FileLists() {}

  /**
   * The files of {@code path}: the path itself if it is a regular file; for a directory, its regular
   * files whose name ends with {@code extension} (case-insensitive), or, if there are none, all its
   * regular files not starting with '.' or '_' (hidden files, {@code _SUCCESS} markers). Sorted by
   * name, absolute paths. Sub-directories are not entered.
   *
   * @throws BallistaException NOT_FOUND if the path does not exist or has no files
   */
  static List<String> list(String path, String extension) {
    Path p = toPath(path);
    if (Files.isRegularFile(p)) {
      return List.of(p.toAbsolutePath().toString());
    }
    if (!Files.isDirectory(p)) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "no such file or directory: " + path);
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> entries = Files.list(p)) {
      entries.filter(Files::isRegularFile).forEach(all::add);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot list directory " + path + ": " + e.getMessage(), e);
    }
    all.sort(Comparator.comparing(f -> f.getFileName().toString()));
    String ext = extension.toLowerCase(java.util.Locale.ROOT);
    List<String> matching = new ArrayList<>();
    for (Path f : all) {
      if (f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
        matching.add(f.toAbsolutePath().toString());
      }
    }
    if (matching.isEmpty()) {
      for (Path f : all) {
        String name = f.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          matching.add(f.toAbsolutePath().toString());
        }
      }
    }
    if (matching.isEmpty()) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "directory " + path + " contains no data files");
    }
    return List.copyOf(matching);
  }

  /** A local path for a plain path or a {@code file:} URI. */
  static Path toPath(String path) {
    if (path.startsWith("file:")) {
      return Paths.get(URI.create(path));
    }
    return Paths.get(path);
  }

  /** The URI arrow-dataset expects: URIs are kept, plain paths become absolute {@code file:} URIs. */
  static String toUri(String path) {
    if (path.contains("://") || path.startsWith("file:")) {
      return path;
    }
    return Paths.get(path).toAbsolutePath().toUri().toString();
  }

  /** The size of a local file in bytes, or 0 if it cannot be determined (e.g. missing). */
  static long sizeOf(String path) {
    try {
      return Files.size(toPath(path));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Splits {@code files} into {@code min(maxGroups, files.size())} groups (at least one) whose total
   * sizes are balanced: largest file first, each into the currently smallest group. Within a group
   * files keep their input order. Deterministic for the same input and sizes.
   */
  static List<List<String>> balance(List<String> files, long[] sizes, int maxGroups) {
    int n = Math.max(1, Math.min(maxGroups, files.size()));
    Integer[] order = new Integer[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : Integer.compare(a, b));
    long[] totals = new long[n];
    int[] counts = new int[n];
    int[] groupOf = new int[files.size()];
    for (int idx : order) {
      int best = 0;
      for (int g = 1; g < n; g++) {
        if (totals[g] < totals[best] || (totals[g] == totals[best] && counts[g] < counts[best])) {
          best = g;
        }
      }
      groupOf[idx] = best;
      totals[best] += sizes[idx];
      counts[best]++;
    }
    List<List<String>> groups = new ArrayList<>(n);
    for (int g = 0; g < n; g++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < files.size(); i++) {
      groups.get(groupOf[i]).add(files.get(i));
    }
    List<List<String>> result = new ArrayList<>(n);
    for (List<String> g : groups) {
      result.add(List.copyOf(g));
    }
    return List.copyOf(result);
  }

  static List<List<String>> balance(List<String> files, int maxGroups) {
    long[] sizes = new long[files.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = sizeOf(files.get(i));
    }
    return balance(files, sizes, maxGroups);
  }
}
