package org.ballista.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.planner.PlannerModule;
import org.ballista.planner.SqlPlanner;
import org.ballista.runtime.session.LocalSessionContext;
import org.ballista.runtime.session.TableRegistrar;

/**
 * The Guice wiring of a local engine: one module per concern (planner, table sources, execution).
 * An application replaces a concern by overriding its module, e.g. {@code
 * EngineModules.localSession(config, new MyTableSourcesModule())}.
 */
public final class EngineModules {
  private EngineModules() {}

  /** Table sources: how file locations become tables. */
  public static final class TableSourcesModule extends AbstractModule {
    @Override
    protected void configure() {
      bind(TableRegistrar.class).in(Singleton.class);
    }
  }

  /** Execution: the worker threads of this process. */
  public static final class ExecutionModule extends AbstractModule {
    private final SessionConfig config;

    public ExecutionModule(SessionConfig config) {
      this.config = config;
    }

    @Override
    protected void configure() {
      bind(SessionConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    ExecutorService executor() {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory threads = r -> {
        Thread t = new Thread(r, "ballista-worker-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      return Executors.newCachedThreadPool(threads);
    }
  }

  public static Injector injector(SessionConfig config, Module... overrides) {
    Module base = Modules.combine(new PlannerModule(), new TableSourcesModule(), new ExecutionModule(config));
    return Guice.createInjector(Modules.override(base).with(List.of(overrides)));
  }

  /** A session planning here and running its queries on the cluster whose scheduler is at {@code address}. */
  public static SessionContext remoteSession(SessionConfig config, String address, Module... overrides) {
    Injector injector = injector(config, overrides);
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    return new LocalSessionContext(config, allocator, injector.getInstance(SqlPlanner.class),
        injector.getInstance(TableRegistrar.class), injector.getInstance(ExecutorService.class), true,
        org.ballista.runtime.cluster.ClusterClient.connect(address));
  }

  public static SessionContext localSession(SessionConfig config, Module... overrides) {
    Injector injector = injector(config, overrides);
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    return new LocalSessionContext(config, allocator, injector.getInstance(SqlPlanner.class),
        injector.getInstance(TableRegistrar.class), injector.getInstance(ExecutorService.class), true);
  }
}
