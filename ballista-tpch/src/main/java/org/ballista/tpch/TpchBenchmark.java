package org.ballista.tpch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;

/**
 * Runs TPC-H queries against a session: each query {@code iterations} times ({@code
 * ctx.sql(q).collect()}, timed, then the result is closed), optionally comparing every result with
 * an expected answer. A query that fails is reported and the run goes on.
 *
 * <p>The session is borrowed: the caller creates and closes it.
 */
public final class TpchBenchmark {
  private final SessionContext ctx;
  private final List<Integer> queries;
  private final int iterations;
  private final ExpectedAnswers answers; // null: no checking
  private final PrintWriter out;

  /**
   * @param ctx the session, with the tables registered (see {@link #registerTables})
   * @param queries query numbers (1..22) in run order
   * @param iterations runs per query (≥ 1); the first is the cold run
   * @param answers answers to check against, or empty to skip checking
   * @param out where progress lines go
   */
  public TpchBenchmark(SessionContext ctx, List<Integer> queries, int iterations,
      Optional<ExpectedAnswers> answers, PrintWriter out) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
    }
    for (int q : queries) {
      if (q < 1 || q > TpchQueries.COUNT) {
        throw new IllegalArgumentException("no TPC-H query " + q + ": queries are numbered 1 to 22");
      }
    }
    this.ctx = ctx;
    this.queries = List.copyOf(queries);
    this.iterations = iterations;
    this.answers = answers.orElse(null);
    this.out = out;
  }

  /**
   * Registers the eight tables of {@code dataDir} ({@code dataDir/<table>}, Parquet) in {@code ctx}.
   * NOT_FOUND, naming the missing table and how to generate it, when a table directory is missing.
   */
  public static void registerTables(SessionContext ctx, Path dataDir) {
    checkDataDir(dataDir);
    for (String table : TpchSchemas.TABLE_NAMES) {
      ctx.registerParquet(table, dataDir.resolve(table).toAbsolutePath().toString());
    }
  }

  /** NOT_FOUND, naming what is missing and how to generate it, unless every table directory exists. */
  public static void checkDataDir(Path dataDir) {
    String hint = " (generate it with: ballista-tpch gen --sf <scale> --out " + dataDir + ")";
    if (!Files.isDirectory(dataDir)) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND,
          "data directory " + dataDir + " does not exist" + hint);
    }
    for (String table : TpchSchemas.TABLE_NAMES) {
      if (!Files.isDirectory(dataDir.resolve(table))) {
        throw new BallistaException(BallistaException.Kind.NOT_FOUND,
            "data directory " + dataDir + " has no table '" + table + "'" + hint);
      }
    }
  }

  /** Outcome of one query. */
  public enum Status { OK, UNCHECKED, MISMATCH, ERROR }

  /**
   * One query's run: wall times of each iteration in milliseconds (fractional), result rows, and
   * either an error message or the mismatches of the first iteration that had any.
   */
  public record QueryReport(int query, List<Double> iterationMillis, long rows, Status status,
      String error, List<String> mismatches) {
    public QueryReport {
      iterationMillis = List.copyOf(iterationMillis);
      mismatches = List.copyOf(mismatches);
    }

    /** The best time after the cold run (the only time when there was one run); NaN if none. */
    public double bestWarmMillis() {
      List<Double> warm = warm();
      return warm.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The last run's time; NaN if none. */
    public double lastMillis() {
      return iterationMillis.isEmpty() ? Double.NaN : iterationMillis.get(iterationMillis.size() - 1);
    }

    public boolean failed() {
      return status == Status.ERROR || status == Status.MISMATCH;
    }

    private List<Double> warm() {
      return iterationMillis.size() > 1 ? iterationMillis.subList(1, iterationMillis.size()) : iterationMillis;
    }
  }

  /** The whole run. {@code totalWarmMillis} sums each successful query's best warm time. */
  public record Report(int iterations, List<QueryReport> queries, double totalWarmMillis, int failed) {
    public Report {
      queries = List.copyOf(queries);
    }

    public boolean passed() {
      return failed == 0;
    }
  }

  /** Runs every query, printing one line per query and a total line. */
  public Report run() {
    List<QueryReport> reports = new ArrayList<>();
    double total = 0;
    int failed = 0;
    for (int q : queries) {
      QueryReport r = runQuery(q);
      reports.add(r);
      print(r);
      if (r.failed()) {
        failed++;
      }
      if (r.status() != Status.ERROR) {
        total += r.bestWarmMillis();
      }
    }
    out.printf("total of best warm times: %.1f ms over %d queries; %d failed%n", total, queries.size(), failed);
    out.printf("peak Arrow memory: %.1f MiB%n", ctx.allocator().getPeakMemoryAllocation() / 1048576.0);
    out.flush();
    return new Report(iterations, reports, total, failed);
  }

  private QueryReport runQuery(int q) {
    String sql = TpchQueries.sql(q);
    CsvTable expected = answers == null ? null : answers.answer(q).orElse(null);
    List<Double> times = new ArrayList<>();
    long rows = -1;
    List<String> mismatches = List.of();
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      try (QueryResult result = ctx.sql(sql).collect()) {
        times.add((System.nanoTime() - start) / 1e6);
        rows = result.rowCount();
        if (expected != null && mismatches.isEmpty()) {
          List<ResultComparator.Mismatch> found = new ResultComparator().compare(expected, result);
          if (!found.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (ResultComparator.Mismatch m : found) {
              lines.add((iterations > 1 ? "iteration " + (i + 1) + ": " : "") + m);
            }
            mismatches = lines;
          }
        }
      } catch (RuntimeException | OutOfMemoryError e) {
        return new QueryReport(q, times, rows, Status.ERROR, describe(e), mismatches);
      }
    }
    Status status = !mismatches.isEmpty() ? Status.MISMATCH : expected == null ? Status.UNCHECKED : Status.OK;
    return new QueryReport(q, times, rows, status, null, mismatches);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String kind = e instanceof BallistaException be ? be.kind().name() : e.getClass().getSimpleName();
    return kind + ": " + (message == null ? "(no message)" : message);
  }

  private void print(QueryReport r) {
    StringBuilder line = new StringBuilder(TpchQueries.name(r.query()));
    line.append("  runs [");
    for (int i = 0; i < r.iterationMillis().size(); i++) {
      line.append(i == 0 ? "" : ", ").append(String.format("%.1f", r.iterationMillis().get(i)));
    }
    line.append("] ms");
    if (r.status() != Status.ERROR) {
      line.append(String.format("  best warm %.1f ms  last %.1f ms  rows %d", r.bestWarmMillis(), r.lastMillis(), r.rows()));
    }
    line.append("  ").append(r.status());
    if (r.error() != null) {
      line.append(": ").append(r.error());
    }
    out.println(line);
    for (String m : r.mismatches()) {
      out.println("    " + m);
    }
    out.flush();
  }
}
