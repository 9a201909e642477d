package org.ballista.state.etcd;

import java.nio.file.Path;
import org.ballista.api.state.StateBackend;
import org.ballista.api.state.StateBackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The state backend contract against a real etcd (one process for the class; each test in its own namespace). */
class EtcdStateBackendTest extends StateBackendContract {
  @TempDir
  static Path dir;
  private static EtcdProcess etcd;

  @BeforeAll
  static void startEtcd() throws Exception {
    long t0 = System.nanoTime();
    etcd = EtcdProcess.start(dir);
    System.out.printf("etcd started at %s in %d ms%n", etcd.endpoint(), (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Override
  protected StateBackend open(String namespace) {
    return new EtcdStateBackend(etcd.endpoints(), namespace);
  }
}
