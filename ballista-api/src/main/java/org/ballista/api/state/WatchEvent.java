package org.ballista.api.state;

/** A change in a watched keyspace: a put (value set) or a delete (value null). */
public record WatchEvent(Keyspace keyspace, String key, byte[] value, boolean deleted) {}
