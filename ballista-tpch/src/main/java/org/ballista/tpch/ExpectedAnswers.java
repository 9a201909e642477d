package org.ballista.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ballista.api.BallistaException;

/**
 * Expected TPC-H answers, {@code qNN.csv} per query (format in {@code tpch/README.md}): either
 * bundled on the classpath under {@code tpch/answers/sf<scale>/} or in a directory.
 */
public final class ExpectedAnswers {
  private final Path directory; // null when bundled
  private final String resourcePrefix; // null when a directory

  private ExpectedAnswers(Path directory, String resourcePrefix) {
    this.directory = directory;
    this.resourcePrefix = resourcePrefix;
  }

  /** Answers in {@code directory}; NOT_FOUND when it is not a directory. */
  public static ExpectedAnswers directory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND,
          "answer directory " + directory + " does not exist");
    }
    return new ExpectedAnswers(directory, null);
  }

  /** The answers bundled for {@code scaleFactor}; NOT_FOUND when there are none for that scale. */
  public static ExpectedAnswers bundled(double scaleFactor) {
    if (!hasBundled(scaleFactor)) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND,
          "no bundled answers for scale factor " + scaleName(scaleFactor) + " (bundled: 0.01, 0.1)");
    }
    return new ExpectedAnswers(null, bundledPrefix(scaleFactor));
  }

  /** Whether answers for {@code scaleFactor} are bundled. */
  public static boolean hasBundled(double scaleFactor) {
    return ExpectedAnswers.class.getClassLoader().getResource(bundledPrefix(scaleFactor) + "q01.csv") != null;
  }

  /** The scale factor as written in directory names: {@code 0.01}, {@code 0.1}, {@code 1}, {@code 10}. */
  public static String scaleName(double scaleFactor) {
    return new BigDecimal(Double.toString(scaleFactor)).stripTrailingZeros().toPlainString();
  }

  private static String bundledPrefix(double scaleFactor) {
    return "tpch/answers/sf" + scaleName(scaleFactor) + "/";
  }

  /** Where the answers come from, for messages. */
  public String source() {
    return directory != null ? directory.toString() : "classpath:" + resourcePrefix;
  }

  /** The expected answer of query {@code number}, empty when there is no file for it. */
  public Optional<CsvTable> answer(int number) {
    String file = TpchQueries.name(number) + ".csv";
    try {
      if (directory != null) {
        Path path = directory.resolve(file);
        if (!Files.isRegularFile(path)) {
          return Optional.empty();
        }
        return Optional.of(CsvTable.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString()));
      }
      try (InputStream in = ExpectedAnswers.class.getClassLoader().getResourceAsStream(resourcePrefix + file)) {
        if (in == null) {
          return Optional.empty();
        }
        return Optional.of(CsvTable.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resourcePrefix + file));
      }
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read answer " + file + " from " + source() + ": " + e, e);
    }
  }
}
