package org.ballista.api.state;

import java.util.Arrays;

/**
 * A stored entry: its key, value and version ({@code version} changes on every write of the key;
 * it is what {@link StateBackend#transaction} compares).
 */
public record KeyValue(Keyspace keyspace, String key, byte[] value, long version) {
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv && kv.keyspace == keyspace && kv.key.equals(key) && Arrays.equals(kv.value, value)
        && kv.version == version;
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }
}
