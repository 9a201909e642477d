package org.ballista.api.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where schedulers keep their state: executors, sessions, jobs and execution graphs, in typed
 * keyspaces. Implementations: in memory (one process) and etcd (several schedulers, survives
 * restarts). Every key lives under the backend's namespace, so several clusters can share one
 * store. All methods are thread-safe; failures to reach the store throw {@code
 * BallistaException} of kind IO naming the store.
 */
public interface StateBackend extends AutoCloseable {
  Optional<KeyValue> get(Keyspace keyspace, String key);

  /** Writes a value and returns its new version. {@code lease} (or 0) ties the key to a lease: it is deleted when the lease expires. */
  long put(Keyspace keyspace, String key, byte[] value, long lease);

  default long put(Keyspace keyspace, String key, byte[] value) {
    return put(keyspace, key, value, 0);
  }

  /** Deletes a key; returns whether it existed. */
  boolean delete(Keyspace keyspace, String key);

  /** Entries whose key starts with {@code prefix}, in key order, at most {@code limit} (0: all). */
  List<KeyValue> scan(Keyspace keyspace, String prefix, int limit);

  /** Keys starting with {@code prefix}, in order. */
  List<String> scanKeys(Keyspace keyspace, String prefix);

  /**
   * Applies {@code operations} atomically if every condition holds; returns whether it did. Nothing
   * is written when a condition fails.
   */
  boolean transaction(List<Condition> conditions, List<Operation> operations);

  /** Moves a key (and its value) from one keyspace to another atomically; returns whether it existed. */
  boolean move(Keyspace from, Keyspace to, String key);

  /** A new lease living {@code ttl} unless kept alive; returns its id. */
  long grantLease(Duration ttl);

  /** Renews a lease; returns false when it has already expired (and its keys are gone). */
  boolean keepAlive(long lease);

  /** Ends a lease now, deleting its keys. */
  void revokeLease(long lease);

  /**
   * Takes the lock on {@code key}, held by {@code lease}: returns true if taken, false if another
   * lease holds it (no waiting). The lock is released by {@link #unlock} or when the lease expires.
   */
  boolean tryLock(Keyspace keyspace, String key, long lease);

  void unlock(Keyspace keyspace, String key, long lease);

  /** Calls {@code listener} (on a backend thread) for every later change in {@code keyspace}; close the handle to stop. */
  AutoCloseable watch(Keyspace keyspace, Consumer<WatchEvent> listener);

  @Override
  void close();
}
