package org.ballista.tpch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.runtime.cluster.ExecutorNode;

/**
 * A concurrent load run: {@code clients} threads, each with its own session (from {@code
 * sessions}, with the TPC-H tables of {@code data} registered), run the 22 queries in a loop — each
 * client in its own rotated order — until the run's deadline, checking every answer. The clock
 * starts once every client has set up its session, so setup time is not part of the run. A query still
 * running at the deadline is finished and counted; a client whose query does not finish within
 * {@code hangTimeout} after the deadline is reported as hung.
 *
 * <p>Thread safety: {@link #run()} may be called once at a time; the sessions are each used by one
 * client thread only and closed by it.
 */
public final class TpchLoadRun {
  private final Supplier<SessionContext> sessions;
  private final Path data;
  private final int clients;
  private final Duration duration;
  private final Duration hangTimeout;
  private final ExpectedAnswers answers; // null: unchecked
  private final PrintWriter out;

  /**
   * @param sessions makes one new session per client; the client closes it
   * @param data TPC-H Parquet data directory (as written by {@code gen})
   * @param clients concurrent clients (≥ 1)
   * @param duration how long the clients start new queries (> 0)
   * @param hangTimeout how long after the deadline a client may still be running its last query
   * @param answers expected answers to check every result against, or empty to run unchecked
   * @param out where progress lines go
   */
  public TpchLoadRun(Supplier<SessionContext> sessions, Path data, int clients, Duration duration,
      Duration hangTimeout, Optional<ExpectedAnswers> answers, PrintWriter out) {
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be >= 1, got " + clients);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, got " + duration);
    }
    this.sessions = sessions;
    this.data = data;
    this.clients = clients;
    this.duration = duration;
    this.hangTimeout = hangTimeout;
    this.answers = answers.orElse(null);
    this.out = out;
  }

  /** One query that failed (an error or a wrong answer: its first mismatches), or a client (query 0) that failed or hung. */
  public record Failure(int client, int query, String message) {
    @Override
    public String toString() {
      return "client " + client + (query == 0 ? "" : " " + TpchQueries.name(query)) + ": " + message;
    }
  }

  /** Latencies of a set of query runs, in milliseconds. */
  public record Latency(int count, double p50, double p95, double max) {
    static Latency of(double[] millis) {
      if (millis.length == 0) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
      }
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      return new Latency(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of an ascending array. */
    static double percentile(double[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public String toString() {
      return String.format("n %d  p50 %.1f ms  p95 %.1f ms  max %.1f ms", count, p50, p95, max);
    }
  }

  /** The slowest single successful query of the run. */
  public record Slowest(int client, int query, double millis) {}

  /**
   * The run's outcome. {@code completed} counts queries that returned a correct (or, unchecked, any)
   * answer; {@code perClient[i]} those of client i; {@code warm} leaves out each client's first query
   * (the cold round, when all clients plan and run their first query at once in a cold JVM); {@code
   * perQuery} is keyed by query number.
   */
  public record Report(int clients, double seconds, long completed, long checked, List<Long> perClient,
      Latency overall, Latency warm, Map<Integer, Latency> perQuery, Optional<Slowest> slowest, List<Failure> failures) {
    public Report {
      perClient = List.copyOf(perClient);
      perQuery = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(perQuery));
      failures = List.copyOf(failures);
    }

    public double queriesPerMinute() {
      return seconds > 0 ? completed * 60.0 / seconds : 0;
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /** One client's own tallies, merged after the run (no sharing between client threads). */
  private static final class ClientResult {
    final List<double[]> runs = new ArrayList<>(); // {query, millis, index in the client's loop}
    final List<Failure> failures = new ArrayList<>();
    long checked;
  }

  /** The order client {@code client} runs the queries in: 1..22 rotated by its share of the list. */
  public static List<Integer> order(int client, int clients) {
    int stride = Math.max(1, TpchQueries.COUNT / clients);
    int start = (client * stride) % TpchQueries.COUNT;
    List<Integer> order = new ArrayList<>(TpchQueries.COUNT);
    for (int i = 0; i < TpchQueries.COUNT; i++) {
      order.add((start + i) % TpchQueries.COUNT + 1);
    }
    return order;
  }

  /** Runs the load and prints a summary; see {@link Report}. */
  public Report run() {
    TpchBenchmark.checkDataDir(data);
    String[] sql = new String[TpchQueries.COUNT + 1];
    CsvTable[] expected = new CsvTable[TpchQueries.COUNT + 1];
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      sql[q] = TpchQueries.sql(q);
      expected[q] = answers == null ? null : answers.answer(q).orElse(null);
    }
    out.printf("load: %d clients x %s, data %s%s%n", clients, format(duration), data,
        answers == null ? ", answers NOT checked" : ", checking against " + answers.source());
    out.flush();
    ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
      Thread t = new Thread(r, "tpch-load-client");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong deadline = new AtomicLong();
    List<Future<ClientResult>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> runClient(client, ready, go, deadline, sql, expected)));
    }
    ClientResult[] results = new ClientResult[clients];
    List<Failure> failures = new ArrayList<>();
    try {
      // The clock starts when every client has its session and tables (or gave up setting them up).
      if (!ready.await(hangTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        failures.add(new Failure(-1, 0, "clients not ready: sessions not set up within " + format(hangTimeout)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long start = System.nanoTime();
    deadline.set(start + duration.toNanos());
    go.countDown();
    long waitUntil = deadline.get() + hangTimeout.toNanos();
    for (int c = 0; c < clients; c++) {
      try {
        results[c] = futures.get(c).get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        failures.add(new Failure(c, 0, "hung: still running " + format(hangTimeout) + " after the deadline"));
      } catch (ExecutionException e) {
        failures.add(new Failure(c, 0, "client failed: " + describe(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(new Failure(c, 0, "interrupted while waiting for the client"));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    Report report = summarize(results, failures, seconds);
    print(report);
    return report;
  }

  private ClientResult runClient(int client, CountDownLatch ready, CountDownLatch go, AtomicLong deadlineNanos,
      String[] sql, CsvTable[] expected) throws InterruptedException {
    ClientResult result = new ClientResult();
    List<Integer> order = order(client, clients);
    SessionContext session;
    try {
      session = sessions.get();
      try {
        TpchBenchmark.registerTables(session, data);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
    } finally {
      ready.countDown();
    }
    go.await();
    long deadline = deadlineNanos.get();
    try (SessionContext ctx = session) {
      ResultComparator comparator = new ResultComparator(5);
      for (int i = 0; System.nanoTime() < deadline; i++) {
        int q = order.get(i % order.size());
        long t0 = System.nanoTime();
        try (QueryResult r = ctx.sql(sql[q]).collect()) {
          double millis = (System.nanoTime() - t0) / 1e6;
          if (expected[q] != null) {
            List<ResultComparator.Mismatch> mismatches = comparator.compare(expected[q], r);
            if (!mismatches.isEmpty()) {
              result.failures.add(new Failure(client, q, "wrong answer: "
                  + String.join("; ", mismatches.stream().map(Object::toString).toList())));
              continue;
            }
            result.checked++;
          }
          result.runs.add(new double[] {q, millis, i});
        } catch (RuntimeException | OutOfMemoryError e) {
          result.failures.add(new Failure(client, q, describe(e)));
        }
      }
    }
    return result;
  }

  private Report summarize(ClientResult[] results, List<Failure> failures, double seconds) {
    List<Long> perClient = new ArrayList<>();
    Map<Integer, List<Double>> byQuery = new TreeMap<>();
    List<Double> all = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    Slowest slowest = null;
    long checked = 0;
    for (int c = 0; c < results.length; c++) {
      ClientResult r = results[c] == null ? new ClientResult() : results[c];
      perClient.add((long) r.runs.size());
      checked += r.checked;
      failures.addAll(r.failures);
      for (double[] run : r.runs) {
        int q = (int) run[0];
        byQuery.computeIfAbsent(q, k -> new ArrayList<>()).add(run[1]);
        all.add(run[1]);
        if (run[2] > 0) {
          warm.add(run[1]);
        }
        if (slowest == null || run[1] > slowest.millis()) {
          slowest = new Slowest(c, q, run[1]);
        }
      }
    }
    Map<Integer, Latency> perQuery = new TreeMap<>();
    byQuery.forEach((q, ms) -> perQuery.put(q, Latency.of(ms.stream().mapToDouble(Double::doubleValue).toArray())));
    long completed = perClient.stream().mapToLong(Long::longValue).sum();
    return new Report(clients, seconds, completed, checked, perClient,
        Latency.of(all.stream().mapToDouble(Double::doubleValue).toArray()),
        Latency.of(warm.stream().mapToDouble(Double::doubleValue).toArray()), perQuery,
        Optional.ofNullable(slowest), failures);
  }

  private void print(Report r) {
    out.printf("completed %d queries (%d checked) in %.1f s: %.1f queries/minute; %d failure(s)%n",
        r.completed(), r.checked(), r.seconds(), r.queriesPerMinute(), r.failures().size());
    out.println("per client: " + r.perClient());
    out.println("latency all: " + r.overall());
    out.println("latency warm (without each client's first query): " + r.warm());
    r.slowest().ifPresent(s -> out.printf("slowest: %s by client %d, %.1f ms%n",
        TpchQueries.name(s.query()), s.client(), s.millis()));
    r.perQuery().forEach((q, l) -> out.println("  " + TpchQueries.name(q) + "  " + l));
    for (Failure f : r.failures()) {
      out.println("FAILURE " + f);
    }
    out.flush();
  }

  /**
   * Waits up to {@code timeout} until no executor holds Arrow memory or job directories (shuffle
   * files), then returns what each executor still holds, empty when all are clean.
   */
  public static List<String> awaitExecutorsClean(List<ExecutorNode> executors, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> held = new ArrayList<>();
      for (ExecutorNode e : executors) {
        long bytes = e.allocator().getAllocatedMemory();
        List<String> dirs = e.jobDirectories();
        if (bytes != 0 || !dirs.isEmpty()) {
          held.add(e.id() + ": " + bytes + " bytes of Arrow memory, job directories " + dirs);
        }
      }
      if (held.isEmpty() || System.nanoTime() >= until) {
        return held;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return held;
      }
    }
  }

  private static String describe(Throwable e) {
    String kind = e instanceof BallistaException b ? b.kind().name() : e.getClass().getSimpleName();
    return kind + ": " + (e.getMessage() == null ? "(no message)" : e.getMessage());
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
