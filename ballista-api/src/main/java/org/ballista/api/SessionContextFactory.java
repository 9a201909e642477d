package org.ballista.api;

import org.ballista.api.exec.SessionConfig;

/** Service-provider interface through which {@link SessionContext#local()} finds the engine. */
public interface SessionContextFactory {
  SessionContext create(SessionConfig config);

  /** A session planning locally and running its queries on the cluster at {@code schedulerAddress} (host:port). */
  SessionContext createRemote(SessionConfig config, String schedulerAddress);
}
