package org.ballista.state.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.state.KeyValue;
import org.ballista.api.state.Keyspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** An etcd that goes away: calls fail fast with kind IO naming the endpoint, and work again after a restart. */
class EtcdOutageTest {
  @TempDir
  Path dir;

  @Test
  void callsFailFastWhileEtcdIsDownAndRecoverAfterRestart() throws Exception {
    try (EtcdProcess etcd = EtcdProcess.start(dir);
        EtcdStateBackend state = new EtcdStateBackend(etcd.endpoints(), "outage")) {
      long version = state.put(Keyspace.EXECUTORS, "e1", "host:1".getBytes(UTF_8));

      etcd.stop();
      for (Executable call : List.<Executable>of(
          () -> state.get(Keyspace.EXECUTORS, "e1"),
          () -> state.put(Keyspace.EXECUTORS, "e2", new byte[] {1}),
          () -> state.transaction(List.of(), List.of()),
          () -> state.grantLease(Duration.ofSeconds(5)),
          () -> state.scanKeys(Keyspace.EXECUTORS, ""))) {
        long t0 = System.nanoTime();
        BallistaException e = assertThrows(BallistaException.class, call);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(BallistaException.Kind.IO, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("etcd at " + etcd.endpoint() + " unreachable"), e.getMessage());
        assertTrue(ms <= EtcdStateBackend.DEFAULT_TIMEOUT.toMillis() + 1000, "failed after " + ms + " ms");
        System.out.printf("etcd down: failed in %d ms: %s%n", ms, e.getMessage());
      }

      long t0 = System.nanoTime();
      etcd.start();
      KeyValue back = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (back == null) {
        try {
          back = state.get(Keyspace.EXECUTORS, "e1").orElseThrow();
        } catch (BallistaException e) {
          assertEquals(BallistaException.Kind.IO, e.kind());
          assertTrue(System.nanoTime() < deadline, "no recovery after restart: " + e.getMessage());
          Thread.sleep(100);
        }
      }
      System.out.printf("etcd restarted: the same client answers again after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertEquals(new KeyValue(Keyspace.EXECUTORS, "e1", "host:1".getBytes(UTF_8), version), back);
      assertTrue(state.put(Keyspace.EXECUTORS, "e2", new byte[] {2}) > version);
    }
  }
}
