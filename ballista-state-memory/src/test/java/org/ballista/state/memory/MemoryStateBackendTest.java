package org.ballista.state.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.state.Keyspace;
import org.ballista.api.state.StateBackend;
import org.ballista.api.state.StateBackendContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state backend contract on one in-process store shared by the test's clients. */
class MemoryStateBackendTest extends StateBackendContract {
  private final MemoryStore store = new MemoryStore();

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  protected StateBackend open(String namespace) {
    return new MemoryStateBackend(store, namespace);
  }

  @Test
  void ownStoreIsClosedWithTheBackend() {
    MemoryStateBackend own = new MemoryStateBackend("solo");
    own.put(Keyspace.SESSIONS, "s", b("v"));
    assertEquals(List.of("s"), own.scanKeys(Keyspace.SESSIONS, ""));
    own.close();
    assertEquals(BallistaException.Kind.IO,
        assertThrows(BallistaException.class, () -> own.get(Keyspace.SESSIONS, "s")).kind());
  }
}
