package org.ballista.cli.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.cluster.SchedulerCore;
import org.ballista.runtime.cluster.SchedulerServer;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.session.MemoryTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista-scheduler}: the scheduler process. Runs until stopped (SIGTERM/SIGINT). */
@Command(name = "ballista-scheduler", mixinStandardHelpOptions = true,
    description = {"The Ballista scheduler: accepts queries, cuts them into stages and hands tasks to executors.",
        "Settings: flags > environment (BALLISTA_SCHEDULER_<OPTION>, e.g. BALLISTA_SCHEDULER_PORT) > config file "
            + "(--config FILE or BALLISTA_SCHEDULER_CONFIG; properties like port=50050) > defaults."})
public final class SchedulerMain implements Callable<Integer> {
  static final String ENV_PREFIX = "BALLISTA_SCHEDULER_";

  @Option(names = "--bind-host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindHost;

  @Option(names = "--port", defaultValue = "50050", description = "gRPC port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(names = "--target-partitions", defaultValue = "4",
      description = "Partitions of each hash exchange and target scan partitions (default: ${DEFAULT-VALUE}).")
  int targetPartitions;

  @Option(names = "--batch-size", defaultValue = "8192", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--scheduling-policy", defaultValue = "pull",
      description = "pull (executors poll for tasks) or push (the scheduler launches tasks on executors); default: ${DEFAULT-VALUE}.")
  String policy;

  @Option(names = "--state-backend", defaultValue = "memory",
      description = "Where executors and finished jobs are kept: memory or etcd (default: ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(names = "--etcd-endpoints", defaultValue = "http://127.0.0.1:2379", split = ",",
      description = "etcd endpoints, comma-separated (default: ${DEFAULT-VALUE}).")
  java.util.List<String> etcdEndpoints;

  @Option(names = "--namespace", defaultValue = "ballista",
      description = "Prefix of every key, so several clusters can share one store (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--lease-ttl-seconds", defaultValue = "3",
      description = "With etcd: how long this scheduler's jobs stay owned after it stops answering before "
          + "another scheduler takes them over (default: ${DEFAULT-VALUE}).")
  int leaseTtlSeconds;

  @Option(names = "--executor-timeout-seconds", defaultValue = "30",
      description = "An executor silent this long is lost: its tasks run elsewhere and its shuffle outputs are "
          + "recomputed (default: ${DEFAULT-VALUE}).")
  long executorTimeoutSeconds;

  @Option(names = "--task-max-attempts", defaultValue = "4",
      description = "Attempts of a task failing with a retryable error (I/O, executor lost) before its job fails "
          + "(default: ${DEFAULT-VALUE}).")
  int taskMaxAttempts;

  @Option(names = "--stage-max-attempts", defaultValue = "4",
      description = "Times a stage's outputs may be lost and recomputed before its job fails (default: ${DEFAULT-VALUE}).")
  int stageMaxAttempts;

  @Option(names = "--job-timeout-seconds", defaultValue = "0",
      description = "Jobs running longer fail (0 = no limit; a job's job_timeout_seconds setting overrides it; "
          + "default: ${DEFAULT-VALUE}).")
  long jobTimeoutSeconds;

  @Option(names = "--client-timeout-seconds", defaultValue = "300",
      description = "A job whose client has not asked about it this long is cancelled, and unfetched results are "
          + "deleted (default: ${DEFAULT-VALUE}).")
  long clientTimeoutSeconds;

  @Option(names = "--finished-job-retention-seconds", defaultValue = "3600",
      description = "How long finished jobs' statuses are kept (default: ${DEFAULT-VALUE}).")
  long finishedJobRetentionSeconds;

  @Option(names = "--config", paramLabel = "FILE", description = "Config file (Java properties).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    SessionConfig session = SessionConfig.defaults().withTargetPartitions(targetPartitions).withBatchSize(batchSize);
    org.ballista.api.state.StateBackend state = switch (stateBackend) {
      case "memory" -> new org.ballista.state.memory.MemoryStateBackend(namespace);
      case "etcd" -> new org.ballista.state.etcd.EtcdStateBackend(etcdEndpoints, namespace);
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--state-backend must be memory or etcd, got '" + stateBackend + "'");
    };
    org.ballista.runtime.cluster.SchedulerSettings settings;
    try {
      settings = new org.ballista.runtime.cluster.SchedulerSettings(
          java.time.Duration.ofSeconds(executorTimeoutSeconds), taskMaxAttempts, stageMaxAttempts,
          java.time.Duration.ofSeconds(jobTimeoutSeconds), java.time.Duration.ofSeconds(clientTimeoutSeconds),
          java.time.Duration.ofSeconds(finishedJobRetentionSeconds));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    SchedulerCore core = new SchedulerCore(session, settings, new ExecutionPlanFactory(session,
        Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "scheduler-plan");
          t.setDaemon(true);
          return t;
        }), new MemoryTables()), state);
    SchedulerServer.Policy p = switch (policy) {
      case "pull" -> SchedulerServer.Policy.PULL;
      case "push" -> SchedulerServer.Policy.PUSH;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--scheduling-policy must be pull or push, got '" + policy + "'");
    };
    SchedulerServer server = SchedulerServer.start(bindHost, port, core, p);
    if (stateBackend.equals("etcd")) {
      server.withOwnership(java.time.Duration.ofSeconds(leaseTtlSeconds));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      state.close();
      stopped.countDown();
    }));
    System.out.println("ballista-scheduler listening on " + bindHost + ":" + server.port());
    System.out.flush();
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return LayeredDefaults.execute(new SchedulerMain(), ENV_PREFIX, args);
  }
}
