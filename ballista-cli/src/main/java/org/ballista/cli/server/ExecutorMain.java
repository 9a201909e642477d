package org.ballista.cli.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.runtime.cluster.ExecutorNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista-executor}: an executor process. Runs until stopped (SIGTERM/SIGINT). */
@Command(name = "ballista-executor", mixinStandardHelpOptions = true,
    description = {"A Ballista executor: runs tasks for the scheduler and serves its shuffle files over Arrow Flight.",
        "Settings: flags > environment (BALLISTA_EXECUTOR_<OPTION>, e.g. BALLISTA_EXECUTOR_CONCURRENT_TASKS) > config "
            + "file (--config FILE or BALLISTA_EXECUTOR_CONFIG; properties like concurrent-tasks=4) > defaults."})
public final class ExecutorMain implements Callable<Integer> {
  static final String ENV_PREFIX = "BALLISTA_EXECUTOR_";

  @Option(names = "--bind-host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindHost;

  @Option(names = "--port", defaultValue = "50051",
      description = "Arrow Flight port serving shuffle partitions (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--external-host", description = "Host name other processes use to reach this executor "
      + "(default: the bind host, or localhost when binding to all addresses).")
  String externalHost;

  @Option(names = "--scheduler-host", defaultValue = "localhost", description = "Scheduler host (default: ${DEFAULT-VALUE}).")
  String schedulerHost;

  @Option(names = "--scheduler-port", defaultValue = "50050", description = "Scheduler port (default: ${DEFAULT-VALUE}).")
  int schedulerPort;

  @Option(names = "--schedulers", split = ",", paramLabel = "HOST:PORT",
      description = "Several schedulers of one cluster (HOST:PORT,HOST:PORT): the executor moves to the next when "
          + "one stops answering. Overrides --scheduler-host/--scheduler-port.")
  java.util.List<String> schedulers;

  @Option(names = "--work-dir", description = "Directory for shuffle files (default: a new temporary directory).")
  Path workDir;

  @Option(names = "--concurrent-tasks", defaultValue = "2", description = "Task slots (default: ${DEFAULT-VALUE}).")
  int concurrentTasks;

  @Option(names = "--executor-id", description = "Unique id (default: a random one).")
  String executorId;

  @Option(names = "--force-remote-read", defaultValue = "false",
      description = "Read even local shuffle partitions over Flight (for tests).")
  boolean forceRemoteRead;

  @Option(names = "--poll-interval-ms", defaultValue = "20", description = "Idle poll interval (default: ${DEFAULT-VALUE}).")
  long pollIntervalMs;

  @Option(names = "--scheduling-policy", defaultValue = "pull",
      description = "pull or push; must match the scheduler's (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(names = "--grpc-port", description = "Port of the executor's gRPC service in push mode (default: --port + 1; 0 = any).")
  Integer grpcPort;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (Java properties).")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (concurrentTasks < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--concurrent-tasks must be at least 1");
    }
    Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("ballista-executor-");
    String id = executorId != null ? executorId : "executor-" + UUID.randomUUID().toString().substring(0, 8);
    String host = externalHost != null ? externalHost : bindHost.equals("0.0.0.0") ? "localhost" : bindHost;
    boolean push = switch (policy) {
      case "pull" -> false;
      case "push" -> true;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--scheduling-policy must be pull or push, got '" + policy + "'");
    };
    int servicePort = grpcPort != null ? grpcPort : port == 0 ? 0 : port + 1;
    RootAllocator allocator = new RootAllocator();
    String schedulerList = schedulers == null || schedulers.isEmpty() ? schedulerHost : String.join(",", schedulers);
    ExecutorNode node = ExecutorNode.start(new ExecutorNode.Config(id, host, port, schedulerList, schedulerPort, dir,
        concurrentTasks, forceRemoteRead, pollIntervalMs, push, servicePort), allocator);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      try {
        allocator.close();
      } catch (IllegalStateException e) {
        System.err.println("Error: executor stopped with Arrow memory still allocated: " + e.getMessage());
      }
      stopped.countDown();
    }));
    System.out.println("ballista-executor " + id + " serving Flight on " + host + ":" + node.flightPort()
        + ", scheduler " + schedulerHost + ":" + schedulerPort + ", work dir " + dir + ", " + concurrentTasks + " slots");
    System.out.flush();
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return LayeredDefaults.execute(new ExecutorMain(), ENV_PREFIX, args);
  }
}
