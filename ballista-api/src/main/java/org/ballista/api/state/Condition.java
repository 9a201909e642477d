package org.ballista.api.state;

/**
 * A check of an atomic {@link StateBackend#transaction}: the key's current version equals {@code
 * version} ({@code 0}: the key does not exist).
 */
public record Condition(Keyspace keyspace, String key, long version) {}
