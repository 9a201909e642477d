package org.ballista.tpch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scheduler and executor OS processes for cluster tests: each runs a main class of ballista-cli on
 * this test's class path, its output collected (so tests can wait for announcements and log lines).
 * Closing destroys every process still running.
 */
final class ClusterProcesses implements AutoCloseable {
  static final String SCHEDULER = "org.ballista.cli.server.SchedulerMain";
  static final String EXECUTOR = "org.ballista.cli.server.ExecutorMain";
  static final Pattern SCHEDULER_PORT = Pattern.compile("listening on [^:]+:(\\d+)");
  static final Pattern EXECUTOR_PORT = Pattern.compile("serving Flight on [^:]+:(\\d+)");

  /** A running process and everything it printed so far. */
  record Launched(Process process, StringBuffer output) {
    /** Waits (up to a minute) for the line announcing the process's port and returns the port. */
    int awaitPort(Pattern announce) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        Matcher m = announce.matcher(output);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("process did not start:\n" + output);
    }

    /** Waits up to {@code millis} for {@code text} to appear in the output. */
    boolean awaitOutput(String text, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < deadline) {
        if (output.indexOf(text) >= 0) {
          return true;
        }
        Thread.sleep(20);
      }
      return output.indexOf(text) >= 0;
    }
  }

  private final List<Process> processes = new ArrayList<>();
  private final String heap;

  ClusterProcesses(String heap) {
    this.heap = heap;
  }

  Launched launch(String main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Darrow.enable_unsafe_memory_access=true", "-Xmx" + heap,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(p);
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "output-of-" + main);
    reader.setDaemon(true);
    reader.start();
    return new Launched(p, output);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
