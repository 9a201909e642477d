package org.ballista.transport.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleServer;
import org.ballista.api.shuffle.ShuffleTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightTransportModuleTest {
  @TempDir Path workDir;

  @Test
  void defaultsArePinned() {
    FlightTransportConfig config = FlightTransportConfig.of("exec-1", workDir);
    assertEquals("exec-1", config.executorId());
    assertEquals(workDir, config.workDir());
    assertFalse(config.forceRemote());
    assertEquals("0.0.0.0", config.bindHost());
    assertEquals(50_051, config.port());
    assertEquals(Duration.ofMinutes(10), config.fetchTimeout());
    assertThrows(IllegalArgumentException.class, () -> config.withServerAddress("h", 70_000));
    assertThrows(IllegalArgumentException.class, () -> config.withFetchTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> FlightTransportConfig.of(" ", workDir));
  }

  @Test
  void injectorWiresAForcedRemoteTransportToItsServer() throws Exception {
    try (BufferAllocator root = new RootAllocator()) {
      FlightTransportConfig config = FlightTransportConfig.of("exec-1", workDir).withServerAddress("127.0.0.1", 0)
          .withForceRemote(true);
      Injector injector = Guice.createInjector(new FlightTransportModule(config), new AbstractModule() {
        @Override
        protected void configure() {
          bind(BufferAllocator.class).toInstance(root);
        }
      });
      ShuffleServer server = injector.getInstance(ShuffleServer.class);
      ShuffleTransport transport = injector.getInstance(ShuffleTransport.class);
      try (server; transport) {
        assertSame(transport, injector.getInstance(ShuffleTransport.class), "singleton");
        assertInstanceOf(LocalFirstShuffleTransport.class, transport);
        FlightShuffleServer flightServer = injector.getInstance(FlightShuffleServer.class);
        assertSame(server, flightServer);
        assertTrue(server.port() > 0);

        String path = "job1/1/0/data-0-0.arrow";
        ShuffleFiles.Written written = ShuffleFiles.write(root, workDir.resolve(path), 64, 0, 3);
        ShuffleLocation location = new ShuffleLocation("exec-1", "127.0.0.1", server.port(), path, written.rows(),
            written.bytes());
        try (BufferAllocator task = root.newChildAllocator("task", 0, Long.MAX_VALUE);
             BatchStream stream = transport.fetch(location, ShuffleFiles.SCHEMA,
                 new TaskContext(task, SessionConfig.defaults()))) {
          ShuffleFiles.readAndVerify(stream, written);
        }
        assertEquals(written.bytes(), flightServer.bytesServed(), "forceRemote went through Flight");
      }
    }
  }
}
