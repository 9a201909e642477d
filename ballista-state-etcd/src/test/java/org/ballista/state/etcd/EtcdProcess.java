package org.ballista.state.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node etcd for tests: the Debian binary ({@code /usr/bin/etcd}, or the system
 * property {@code etcd.binary}) on free loopback ports with its data in a given directory. It can
 * be stopped and started again on the same ports and data. A missing binary fails the test.
 */
public final class EtcdProcess implements AutoCloseable {
  private static final long START_DEADLINE_MS = 20_000;

  private final Path binary;
  private final Path dataDir;
  private final Path log;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  private EtcdProcess(Path binary, Path workDir) throws IOException {
    this.binary = binary;
    this.dataDir = workDir.resolve("data");
    this.log = workDir.resolve("etcd.log");
    this.clientPort = freePort();
    this.peerPort = freePort();
  }

  /** Starts etcd with its data and log under {@code workDir} and waits until it answers. */
  public static EtcdProcess start(Path workDir) throws Exception {
    Path binary = Path.of(System.getProperty("etcd.binary", "/usr/bin/etcd"));
    if (!Files.isExecutable(binary)) {
      fail("the etcd binary " + binary + " is missing: install Debian's etcd-server (apt-get install -y etcd-server;"
          + " bin/test does it) or set -Detcd.binary");
    }
    EtcdProcess etcd = new EtcdProcess(binary, workDir);
    etcd.start();
    return etcd;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  List<String> endpoints() {
    return List.of(endpoint());
  }

  /** (Re)starts the process on the same ports and data directory; returns when it answers. */
  void start() throws Exception {
    String client = endpoint();
    String peer = "http://127.0.0.1:" + peerPort;
    ProcessBuilder pb = new ProcessBuilder(binary.toString(),
        "--name", "t", "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "t=" + peer,
        // short raft ticks: etcd's minimum lease ttl is 1.5 election timeouts, so 1 s leases stay 1 s
        "--heartbeat-interval", "20", "--election-timeout", "200")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    long deadline = System.currentTimeMillis() + START_DEADLINE_MS;
    try (Client probe = Client.builder().endpoints(client).waitForReady(false).build()) {
      while (true) {
        if (!process.isAlive()) {
          fail("etcd exited with " + process.exitValue() + ": " + tail());
        }
        try {
          probe.getKVClient().get(ByteSequence.from("/ready", UTF_8)).get(1, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.currentTimeMillis() > deadline) {
            stop();
            fail("etcd did not answer at " + client + " within " + START_DEADLINE_MS + " ms: " + tail());
          }
          Thread.sleep(50);
        }
      }
    }
  }

  /** Kills the process (SIGKILL, like a crash) and waits for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
