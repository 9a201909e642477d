package org.ballista.tpch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code load}: several clients run the 22 queries concurrently in a loop for a while, every answer
 * checked (see {@link TpchLoadRun}); on the embedded cluster it then checks that the executors hold
 * no Arrow memory and no shuffle files. Generates the data first when the directory has none.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Concurrent load: N clients run the 22 checked queries in a loop for a while")
final class LoadCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

  private final Function<SessionConfig, SessionContext> sessions;

  @Spec CommandSpec spec;

  @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--duration", defaultValue = "60s",
      description = "how long clients start new queries: 500ms, 60s, 2m (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--sf", defaultValue = "0.01", description = "scale factor (default: ${DEFAULT-VALUE})")
  double scaleFactor;

  @Option(names = "--data", description = "data directory; generated when missing (default: ./tpch-data/sf<scale>)")
  Path data;

  @Option(names = "--check", description = "compare results with DIR/qNN.csv (default: the answers bundled for --sf)")
  Path check;

  @Option(names = "--partitions", description = "target partitions of the sessions (default: cores)")
  Integer partitions;

  @picocli.CommandLine.Mixin
  EngineOptions engine = new EngineOptions();

  LoadCommand(Function<SessionConfig, SessionContext> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (clients < 1) {
      throw new CommandLine.ParameterException(cl, "--clients must be >= 1, got " + clients);
    }
    if (!(scaleFactor > 0)) {
      throw new CommandLine.ParameterException(cl, "--sf must be > 0, got " + scaleFactor);
    }
    if (partitions != null && partitions < 1) {
      throw new CommandLine.ParameterException(cl, "--partitions must be >= 1, got " + partitions);
    }
    Duration length = parseDuration(cl, duration);
    Path dir = data != null ? data : Path.of("tpch-data", "sf" + ExpectedAnswers.scaleName(scaleFactor));
    PrintWriter out = cl.getOut();
    Optional<ExpectedAnswers> answers = Optional.empty();
    if (check != null) {
      answers = Optional.of(ExpectedAnswers.directory(check));
    } else if (ExpectedAnswers.hasBundled(scaleFactor)) {
      answers = Optional.of(ExpectedAnswers.bundled(scaleFactor));
    } else {
      out.println("no bundled answers for SF " + ExpectedAnswers.scaleName(scaleFactor) + ": results are not checked");
    }
    if (DemoCommand.hasData(dir)) {
      out.println("using existing data in " + dir);
    } else {
      GenCommand.generate(new TpchDataGenerator(scaleFactor), dir, out);
    }
    SessionConfig config = partitions == null ? SessionConfig.defaults()
        : SessionConfig.defaults().withTargetPartitions(partitions);
    Optional<ExpectedAnswers> expected = answers;
    return engine.withEngine(sessions, partitions, e -> {
      String schedulerAddress = e.cluster().map(c -> c.schedulerAddress())
          .orElse(engine.scheduler == null ? null : engine.scheduler.split(",")[0]);
      SchedulerProbe probe = schedulerAddress == null ? null : new SchedulerProbe(schedulerAddress, 20);
      TpchLoadRun.Report report;
      try {
        report = new TpchLoadRun(() -> e.sessions().apply(config), dir, clients, length,
            Duration.ofMinutes(5), expected, out).run();
      } finally {
        if (probe != null) {
          probe.close();
          out.println(probe.summary());
        }
      }
      boolean clean = true;
      if (e.cluster().isPresent()) {
        List<String> held = TpchLoadRun.awaitExecutorsClean(e.cluster().get().executors(), Duration.ofSeconds(5));
        clean = held.isEmpty();
        out.println(clean ? "executors clean: no Arrow memory, no shuffle files" : "executors NOT clean: " + held);
      }
      boolean passed = report.passed() && clean;
      out.println(passed ? "PASSED" : "FAILED");
      out.flush();
      return passed ? 0 : 1;
    });
  }

  /** {@code 500ms}, {@code 60s}, {@code 60} (seconds), {@code 2m}; a usage error otherwise or when not > 0. */
  static Duration parseDuration(CommandLine cl, String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      long millis = Math.round(value * switch (unit) {
        case "ms" -> 1;
        case "m" -> 60_000;
        default -> 1000;
      });
      if (millis > 0) {
        return Duration.ofMillis(millis);
      }
    }
    throw new CommandLine.ParameterException(cl, "bad --duration '" + text + "': use a positive time like 500ms, 60s or 2m");
  }
}
