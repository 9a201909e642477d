package org.ballista.tpch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.ballista.api.BallistaException;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: runs TPC-H queries over generated data, with timings and optional answer checks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run TPC-H queries over Parquet data (see gen) and report times")
final class BenchCommand implements Callable<Integer> {
  /** The value of {@code --check} that selects the answers bundled for {@code --sf}. */
  static final String BUNDLED = "bundled";

  private final Function<SessionConfig, SessionContext> sessions;

  @Spec CommandSpec spec;

  @Option(names = "--sf", defaultValue = "1", description = "scale factor of the data (default: ${DEFAULT-VALUE})")
  double scaleFactor;

  @Option(names = "--data", required = true, description = "data directory, as written by gen")
  Path data;

  @Option(names = "--queries", defaultValue = "all",
      description = "queries to run: all, or a list like 1,5,9 or 1-6,9 (default: ${DEFAULT-VALUE})")
  String queries;

  @Option(names = "--iterations", defaultValue = "3", description = "runs per query (default: ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--check", description = "compare results with DIR/qNN.csv, or '" + BUNDLED
      + "' for the answers bundled for --sf (0.01, 0.1)")
  String check;

  @Option(names = "--json", description = "also write the JSON report to this file")
  Path json;

  @Option(names = "--partitions", description = "target partitions of the session (default: cores)")
  Integer partitions;

  @picocli.CommandLine.Mixin
  EngineOptions engine = new EngineOptions();

  BenchCommand(Function<SessionConfig, SessionContext> sessions) {
    this.sessions = sessions;
  }

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    List<Integer> list = parseQueries(cl, queries);
    if (iterations < 1) {
      throw new CommandLine.ParameterException(cl, "--iterations must be >= 1, got " + iterations);
    }
    if (partitions != null && partitions < 1) {
      throw new CommandLine.ParameterException(cl, "--partitions must be >= 1, got " + partitions);
    }
    Optional<ExpectedAnswers> answers = Optional.empty();
    if (check != null) {
      answers = Optional.of(BUNDLED.equals(check)
          ? ExpectedAnswers.bundled(scaleFactor)
          : ExpectedAnswers.directory(Path.of(check)));
    }
    Optional<ExpectedAnswers> expected = answers;
    return engine.with(sessions, partitions,
        s -> run(s, scaleFactor, data, list, iterations, expected, partitions, json, cl.getOut()));
  }

  /**
   * Opens a session, registers the tables of {@code data}, runs the queries and prints (and
   * optionally writes) the JSON report. Returns the exit code: 0 when every query ran (and matched).
   */
  static int run(Function<SessionConfig, SessionContext> sessions, double scaleFactor, Path data,
      List<Integer> queries, int iterations, Optional<ExpectedAnswers> answers, Integer partitions,
      Path json, PrintWriter out) {
    TpchBenchmark.checkDataDir(data);
    SessionConfig config = SessionConfig.defaults();
    if (partitions != null) {
      config = config.withTargetPartitions(partitions);
    }
    out.printf("TPC-H SF %s, data %s, %d quer%s x %d iteration(s), %d partitions%s%n",
        ExpectedAnswers.scaleName(scaleFactor), data, queries.size(), queries.size() == 1 ? "y" : "ies",
        iterations, config.targetPartitions(), answers.map(a -> ", checking against " + a.source()).orElse(""));
    out.flush();
    TpchBenchmark.Report report;
    try (SessionContext ctx = sessions.apply(config)) {
      TpchBenchmark.registerTables(ctx, data);
      report = new TpchBenchmark(ctx, queries, iterations, answers, out).run();
    }
    Map<String, Object> doc = toJson(report, scaleFactor, data, config.targetPartitions(), answers);
    ObjectMapper mapper = new ObjectMapper();
    try {
      out.println("JSON " + mapper.writeValueAsString(doc));
      if (json != null) {
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
          java.nio.file.Files.createDirectories(parent);
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), doc);
        out.println("wrote " + json);
      }
    } catch (JsonProcessingException e) {
      throw new BallistaException(BallistaException.Kind.INTERNAL, "cannot write the JSON report: " + e, e);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot write " + json + ": " + e.getMessage(), e);
    }
    out.println(report.passed() ? "PASSED" : "FAILED: " + report.failed() + " quer" + (report.failed() == 1 ? "y" : "ies"));
    out.flush();
    return report.passed() ? 0 : 1;
  }

  static Map<String, Object> toJson(TpchBenchmark.Report report, double scaleFactor, Path data, int partitions,
      Optional<ExpectedAnswers> answers) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scaleFactor", scaleFactor);
    doc.put("data", data.toString());
    doc.put("partitions", partitions);
    doc.put("iterations", report.iterations());
    doc.put("checkedAgainst", answers.map(ExpectedAnswers::source).orElse(null));
    List<Map<String, Object>> qs = new ArrayList<>();
    for (TpchBenchmark.QueryReport q : report.queries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("query", q.query());
      m.put("status", q.status().name());
      m.put("millis", q.iterationMillis().stream().map(BenchCommand::round).toList());
      m.put("bestWarmMillis", round(q.bestWarmMillis()));
      m.put("lastMillis", round(q.lastMillis()));
      m.put("rows", q.rows());
      if (q.error() != null) {
        m.put("error", q.error());
      }
      if (!q.mismatches().isEmpty()) {
        m.put("mismatches", q.mismatches());
      }
      qs.add(m);
    }
    doc.put("queries", qs);
    doc.put("totalWarmMillis", round(report.totalWarmMillis()));
    doc.put("failed", report.failed());
    doc.put("passed", report.passed());
    return doc;
  }

  private static Double round(double millis) {
    return Double.isNaN(millis) ? null : Math.round(millis * 10) / 10.0;
  }

  /** Parses {@code all} or a comma list of numbers and ranges ({@code 1,5,9}, {@code 1-6,9}), in order, no duplicates. */
  static List<Integer> parseQueries(CommandLine cl, String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
      List<Integer> all = new ArrayList<>();
      for (int q = 1; q <= TpchQueries.COUNT; q++) {
        all.add(q);
      }
      return all;
    }
    TreeSet<Integer> seen = new TreeSet<>();
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(java.util.Locale.ROOT);
      if (p.startsWith("q")) {
        p = p.substring(1);
      }
      try {
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim().replaceFirst("^q", ""));
        if (from < 1 || to > TpchQueries.COUNT || from > to) {
          throw new NumberFormatException();
        }
        for (int q = from; q <= to; q++) {
          if (seen.add(q)) {
            out.add(q);
          }
        }
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(cl, "bad query list '" + text + "': '" + part.trim()
            + "' is not a query number 1..22 or a range like 1-6");
      }
    }
    return out;
  }
}
