package org.ballista.tpch;

import java.util.Optional;
import java.util.function.Function;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.cluster.LocalCluster;
import picocli.CommandLine.Option;

/**
 * Where the benchmark's queries run: {@code cluster} (default: an embedded LocalCluster of
 * {@code --executors} executors with real gRPC and Flight on loopback), {@code local} (one process,
 * no shuffle), or a running cluster given by {@code --scheduler host:port}.
 */
final class EngineOptions {
  /** The session source of the real program; anything else (a test's fake) is used as given. */
  static final Function<SessionConfig, SessionContext> DEFAULT = SessionContext::local;

  @Option(names = "--engine", defaultValue = "cluster",
      description = "cluster (an embedded LocalCluster) or local (single process); default: ${DEFAULT-VALUE}")
  String engine;

  @Option(names = "--executors", defaultValue = "2", description = "executors of the embedded cluster (default: ${DEFAULT-VALUE})")
  int executors;

  @Option(names = "--scheduler", paramLabel = "HOST:PORT", description = "run on the cluster whose scheduler is here")
  String scheduler;

  /** The chosen session source and, when it is the embedded cluster, that cluster. */
  record Engine(Function<SessionConfig, SessionContext> sessions, Optional<LocalCluster> cluster) {}

  /** Runs {@code body} with the chosen session source, starting and stopping an embedded cluster if needed. */
  <T> T with(Function<SessionConfig, SessionContext> given, Integer partitions,
      Function<Function<SessionConfig, SessionContext>, T> body) {
    return withEngine(given, partitions, e -> body.apply(e.sessions()));
  }

  /** As {@link #with}, also handing the embedded cluster (if any) to {@code body}. */
  <T> T withEngine(Function<SessionConfig, SessionContext> given, Integer partitions, Function<Engine, T> body) {
    if (given != DEFAULT) {
      return body.apply(new Engine(given, Optional.empty()));
    }
    if (scheduler != null) {
      return body.apply(new Engine(config -> SessionContext.remote(scheduler, config), Optional.empty()));
    }
    switch (engine) {
      case "local" -> {
        return body.apply(new Engine(given, Optional.empty()));
      }
      case "cluster" -> {
        if (executors < 1) {
          throw new IllegalArgumentException("--executors must be >= 1, got " + executors);
        }
        SessionConfig config = SessionConfig.defaults();
        if (partitions != null) {
          config = config.withTargetPartitions(partitions);
        }
        int slots = Math.max(1, Runtime.getRuntime().availableProcessors() / executors);
        try (LocalCluster cluster = LocalCluster.builder().executors(executors).taskSlots(slots).config(config).build()) {
          return body.apply(new Engine(c -> cluster.session(), Optional.of(cluster)));
        }
      }
      default -> throw new IllegalArgumentException("--engine must be cluster or local, got '" + engine + "'");
    }
  }
}
