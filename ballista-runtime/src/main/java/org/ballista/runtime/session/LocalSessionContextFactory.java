package org.ballista.runtime.session;

import org.ballista.api.SessionContext;
import org.ballista.api.SessionContextFactory;
import org.ballista.api.exec.SessionConfig;
import org.ballista.runtime.EngineModules;

/** Found by {@link SessionContext#local()} through the service loader. */
public final class LocalSessionContextFactory implements SessionContextFactory {
  @Override
  public SessionContext create(SessionConfig config) {
    return EngineModules.localSession(config);
  }

  @Override
  public SessionContext createRemote(SessionConfig config, String schedulerAddress) {
    return EngineModules.remoteSession(config, schedulerAddress);
  }
}
