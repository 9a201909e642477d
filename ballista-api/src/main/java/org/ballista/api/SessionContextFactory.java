package org.ballista.api;

import org.ballista.api.exec.SessionConfig;

/** Service-provider interface through which {@link SessionContext#local()} finds the engine. */
public interface SessionContextFactory {
  SessionContext create(SessionConfig config);
}
