package org.ballista.transport.flight;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import jakarta.inject.Singleton;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.ballista.api.shuffle.ShuffleServer;
import org.ballista.api.shuffle.ShuffleTransport;

/**
 * Guice bindings of the Flight shuffle transport of one executor: {@link ShuffleTransport} is a
 * {@link LocalFirstShuffleTransport} over a {@link FlightShuffleTransport}, and {@link
 * ShuffleServer} a {@link FlightShuffleServer} over the work dir (started when first injected).
 *
 * <p>The injector must bind {@link BufferAllocator} (the process's root allocator, so fetched
 * batches move into task allocators without copies). Guice does not close anything: the owner
 * closes the transport and the server before that allocator.
 */
public final class FlightTransportModule extends AbstractModule {
  private final FlightTransportConfig config;

  public FlightTransportModule(FlightTransportConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(FlightTransportConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  FlightShuffleTransport flightTransport(BufferAllocator allocator, FlightTransportConfig settings) {
    return new FlightShuffleTransport(allocator, settings.fetchTimeout());
  }

  @Provides
  @Singleton
  ShuffleTransport shuffleTransport(FlightShuffleTransport flight, FlightTransportConfig settings) {
    return new LocalFirstShuffleTransport(settings.executorId(), settings.workDir(), settings.forceRemote(), flight);
  }

  @Provides
  @Singleton
  FlightShuffleServer flightServer(BufferAllocator allocator, FlightTransportConfig settings) {
    return FlightShuffleServer.start(allocator, settings.workDir(), settings.bindHost(), settings.port());
  }

  @Provides
  @Singleton
  ShuffleServer shuffleServer(FlightShuffleServer server) {
    return server;
  }
}
