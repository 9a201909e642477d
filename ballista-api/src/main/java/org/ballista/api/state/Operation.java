package org.ballista.api.state;

/** One write of an atomic {@link StateBackend#transaction}. */
public sealed interface Operation {
  record Put(Keyspace keyspace, String key, byte[] value) implements Operation {}

  record Delete(Keyspace keyspace, String key) implements Operation {}
}
