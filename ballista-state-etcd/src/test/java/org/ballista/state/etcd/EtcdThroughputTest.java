package org.ballista.state.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ballista.api.state.Condition;
import org.ballista.api.state.Keyspace;
import org.ballista.api.state.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential small puts and compare-and-set transactions per second against a local etcd (one
 * client, one call at a time: latency bound). Prints the figures; asserts only the results.
 */
class EtcdThroughputTest {
  private static final long RUN_NANOS = 1_500_000_000L;

  @TempDir
  Path dir;

  @Test
  void sequentialPutsAndTransactionsPerSecond() throws Exception {
    try (EtcdProcess etcd = EtcdProcess.start(dir);
        EtcdStateBackend state = new EtcdStateBackend(etcd.endpoints(), "bench")) {
      byte[] value = new byte[100];
      for (int i = 0; i < 200; i++) { // warm-up
        state.put(Keyspace.SLOTS, "w" + (i % 10), value);
      }

      int puts = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < RUN_NANOS) {
        state.put(Keyspace.EXECUTION_GRAPHS, "job/" + (puts % 1000), value);
        puts++;
      }
      double putsPerSec = puts * 1e9 / (System.nanoTime() - t0);

      int txns = 0;
      long version = state.put(Keyspace.JOB_OWNERS, "job", value);
      t0 = System.nanoTime();
      while (System.nanoTime() - t0 < RUN_NANOS) {
        // a fenced write: the owner key's version must be unchanged, and bumping it is part of the write
        assertTrue(state.transaction(List.of(new Condition(Keyspace.JOB_OWNERS, "job", version)),
            List.of(new Operation.Put(Keyspace.EXECUTION_GRAPHS, "job/stage/" + (txns % 100), value),
                new Operation.Put(Keyspace.JOB_OWNERS, "job", value))));
        version = state.get(Keyspace.JOB_OWNERS, "job").orElseThrow().version();
        txns++;
      }
      double txnsPerSec = txns * 1e9 / (System.nanoTime() - t0);
      System.out.printf("etcd %s, sequential, 100-byte values: %.0f puts/s, %.0f fenced transactions/s (each + 1 get)%n",
          etcd.endpoint(), putsPerSec, txnsPerSec);
      assertEquals(Math.min(txns, 100), state.scanKeys(Keyspace.EXECUTION_GRAPHS, "job/stage/").size());
      assertEquals(Math.min(puts, 1000) + Math.min(txns, 100), state.scanKeys(Keyspace.EXECUTION_GRAPHS, "job/").size());
    }
  }
}
