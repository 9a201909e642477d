package org.ballista.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.BallistaException;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.EngineModules;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.session.MemoryTables;
import org.ballista.runtime.shuffle.ShuffleFiles;

/**
 * A scheduler and N executors in this JVM, on ephemeral loopback ports, talking real gRPC and Arrow
 * Flight — for tests and small jobs. {@link #close()} stops everything, deletes the executors' work
 * directories and fails if an executor still holds Arrow memory.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.builder().executors(3).forceRemoteRead(true).build();
 *      SessionContext ctx = cluster.session()) { ... }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
  private final SchedulerServer scheduler;
  private final List<ExecutorNode> executors;
  private final List<BufferAllocator> allocators;
  private final List<Path> workDirs;
  private final SessionConfig config;

  private LocalCluster(SchedulerServer scheduler, List<ExecutorNode> executors, List<BufferAllocator> allocators,
      List<Path> workDirs, SessionConfig config) {
    this.scheduler = scheduler;
    this.executors = executors;
    this.allocators = allocators;
    this.workDirs = workDirs;
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of a {@link LocalCluster}. */
  public static final class Builder {
    private int executors = 2;
    private int slots = 2;
    private boolean forceRemoteRead;
    private SessionConfig config = SessionConfig.defaults();
    private SchedulerServer.Policy policy = SchedulerServer.Policy.PULL;
    private org.ballista.api.state.StateBackend state;
    private SchedulerSettings settings = SchedulerSettings.defaults();

    /** The scheduler's timeouts and retry limits. */
    public Builder schedulerSettings(SchedulerSettings settings) {
      this.settings = settings;
      return this;
    }

    /** Where the scheduler keeps executors and finished jobs (default: in memory). Not closed by the cluster. */
    public Builder stateBackend(org.ballista.api.state.StateBackend state) {
      this.state = state;
      return this;
    }

    /** PULL (executors poll for tasks, the default) or PUSH (the scheduler launches them). */
    public Builder schedulingPolicy(SchedulerServer.Policy policy) {
      this.policy = policy;
      return this;
    }

    public Builder executors(int n) {
      this.executors = n;
      return this;
    }

    public Builder taskSlots(int n) {
      this.slots = n;
      return this;
    }

    /** Read every shuffle partition over Flight, even those on the reading executor's own disk. */
    public Builder forceRemoteRead(boolean force) {
      this.forceRemoteRead = force;
      return this;
    }

    public Builder config(SessionConfig config) {
      this.config = config;
      return this;
    }

    public LocalCluster build() {
      ExecutionPlanFactory planFactory = new ExecutionPlanFactory(config, Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scheduler-plan");
        t.setDaemon(true);
        return t;
      }), new MemoryTables());
      SchedulerCore core = new SchedulerCore(config, settings, planFactory,
          state == null ? new org.ballista.state.memory.MemoryStateBackend() : state);
      SchedulerServer scheduler = SchedulerServer.start("127.0.0.1", 0, core, policy);
      List<ExecutorNode> nodes = new ArrayList<>();
      List<BufferAllocator> allocators = new ArrayList<>();
      List<Path> dirs = new ArrayList<>();
      try {
        for (int i = 0; i < executors; i++) {
          Path dir = Files.createTempDirectory("ballista-executor-" + i + "-");
          dirs.add(dir);
          BufferAllocator allocator = new RootAllocator();
          allocators.add(allocator);
          nodes.add(ExecutorNode.start(new ExecutorNode.Config("executor-" + (i + 1), "127.0.0.1", 0, "127.0.0.1",
              scheduler.port(), dir, slots, forceRemoteRead, 5, policy == SchedulerServer.Policy.PUSH, 0), allocator));
        }
      } catch (IOException | RuntimeException e) {
        nodes.forEach(ExecutorNode::close);
        allocators.forEach(BufferAllocator::close);
        scheduler.close();
        throw new BallistaException(BallistaException.Kind.IO, "cannot start the local cluster: " + e.getMessage(), e);
      }
      return new LocalCluster(scheduler, nodes, allocators, dirs, config);
    }
  }

  public int schedulerPort() {
    return scheduler.port();
  }

  public String schedulerAddress() {
    return "127.0.0.1:" + scheduler.port();
  }

  public List<ExecutorNode> executors() {
    return executors;
  }

  public SchedulerCore scheduler() {
    return scheduler.core();
  }

  /**
   * Stops executor {@code index} (of {@link #executors()}) the way a crash looks to the rest of the
   * cluster: it stops polling and reporting, its running tasks are abandoned and its Flight server
   * (with the shuffle files it held) goes away. It leaves {@link #executors()}; its allocator is
   * still checked for leaks when the cluster closes. Returns its id.
   */
  public String killExecutor(int index) {
    ExecutorNode node = executors.remove(index);
    node.close();
    return node.id();
  }

  /** The session settings this cluster was built with (those of {@link #session()}). */
  public SessionConfig sessionConfig() {
    return config;
  }

  /** A session whose queries run on this cluster (close it before the cluster). */
  public SessionContext session() {
    return EngineModules.remoteSession(config, schedulerAddress());
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (ExecutorNode node : executors) {
      node.close();
    }
    scheduler.close();
    for (Path dir : workDirs) {
      ShuffleFiles.deleteTree(dir);
    }
    for (BufferAllocator allocator : allocators) {
      try {
        allocator.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
