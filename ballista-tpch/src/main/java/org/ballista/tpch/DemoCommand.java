package org.ballista.tpch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: generates TPC-H data at a small scale (unless it is already there) and runs all the
 * queries once, checking them against the bundled answers when there are some for that scale.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate small TPC-H data if missing, run the 22 queries and check the answers")
final class DemoCommand implements Callable<Integer> {
  private final Function<SessionConfig, SessionContext> sessions;

  @Spec CommandSpec spec;

  @Option(names = "--sf", defaultValue = "0.01", description = "scale factor (default: ${DEFAULT-VALUE})")
  double scaleFactor;

  @Option(names = "--dir", description = "data directory (default: ./tpch-data/sf<scale>)")
  Path dir;

  @Option(names = "--queries", defaultValue = "all", description = "queries to run (default: ${DEFAULT-VALUE})")
  String queries;

  @Option(names = "--iterations", defaultValue = "1", description = "runs per query (default: ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--partitions", description = "target partitions of the session (default: cores)")
  Integer partitions;

  @Option(names = "--json", description = "also write the JSON report to this file")
  Path json;

  @picocli.CommandLine.Mixin
  EngineOptions engine = new EngineOptions();

  DemoCommand(Function<SessionConfig, SessionContext> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (!(scaleFactor > 0)) {
      throw new CommandLine.ParameterException(cl, "--sf must be > 0, got " + scaleFactor);
    }
    if (iterations < 1) {
      throw new CommandLine.ParameterException(cl, "--iterations must be >= 1, got " + iterations);
    }
    var list = BenchCommand.parseQueries(cl, queries);
    Path data = dir != null ? dir : Path.of("tpch-data", "sf" + ExpectedAnswers.scaleName(scaleFactor));
    PrintWriter out = cl.getOut();
    if (hasData(data)) {
      out.println("using existing data in " + data);
    } else {
      GenCommand.generate(new TpchDataGenerator(scaleFactor), data, out);
    }
    Optional<ExpectedAnswers> answers = Optional.empty();
    if (ExpectedAnswers.hasBundled(scaleFactor)) {
      answers = Optional.of(ExpectedAnswers.bundled(scaleFactor));
    } else {
      out.println("no bundled answers for SF " + ExpectedAnswers.scaleName(scaleFactor) + ": results are not checked");
    }
    var expected = answers;
    return engine.with(sessions, partitions,
        s -> BenchCommand.run(s, scaleFactor, data, list, iterations, expected, partitions, json, out));
  }

  /** Whether every table directory exists and holds at least one Parquet file. */
  static boolean hasData(Path data) {
    for (String table : TpchSchemas.TABLE_NAMES) {
      Path dir = data.resolve(table);
      if (!Files.isDirectory(dir)) {
        return false;
      }
      try (Stream<Path> files = Files.list(dir)) {
        if (files.noneMatch(p -> p.getFileName().toString().endsWith(".parquet"))) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
