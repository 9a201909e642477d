package org.ballista.planner;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.ballista.planner.calcite.Optimizer;

/** Guice bindings of the SQL planner; override to plug in another optimizer. */
public final class PlannerModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Optimizer.class).in(Singleton.class);
    bind(SqlPlanner.class).in(Singleton.class);
  }
}
