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
 * BallistaException} of kind IO naming the store (never block longer than the backend's timeout).
 *
 * <p>Versions: a key's version is the store revision of its last write, so it grows with every
 * write of the key and is never reused ({@code 0}: absent). Writes through several handles on one
 * store (several schedulers) see each other's versions, leases and locks. A lease id that does not
 * exist (never granted, expired or revoked) makes {@link #put} and {@link #tryLock} throw {@code
 * BallistaException} of kind NOT_FOUND.
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

  /**
   * Moves a key (its value and lease) from one keyspace to another atomically, overwriting the
   * target; returns whether the source existed. The moved key gets a new version.
   */
  boolean move(Keyspace from, Keyspace to, String key);

  /**
   * A new lease living {@code ttl} unless kept alive; returns its id (never 0). Backends may round
   * the ttl up (etcd: whole seconds, at least its minimum lease ttl). Closing the handle does not
   * revoke its leases: they expire.
   */
  long grantLease(Duration ttl);

  /** Renews a lease for its full ttl; returns false when it has already expired or been revoked (its keys are gone). */
  boolean keepAlive(long lease);

  /** Ends a lease now, deleting its keys and releasing its locks; a no-op for an unknown lease. */
  void revokeLease(long lease);

  /**
   * Takes the lock on {@code key}, held by {@code lease}: returns true if taken, false if another
   * lease holds it (no waiting). Taking a lock already held by the same lease returns true. The
   * lock is released by {@link #unlock} or when the lease expires. Locks live apart from the
   * keyspace's keys: they are not seen by get, scan or watch of {@code keyspace}.
   */
  boolean tryLock(Keyspace keyspace, String key, long lease);

  /** Releases the lock on {@code key} if {@code lease} holds it; otherwise does nothing. */
  void unlock(Keyspace keyspace, String key, long lease);

  /**
   * Calls {@code listener} for every change in {@code keyspace} of this namespace made after this
   * method returns (puts, deletes, moves, deletions by lease expiry), in the order they were made,
   * one at a time, on a backend thread (never while holding the backend's locks). Close the handle
   * to stop; closing the backend closes its watches.
   */
  AutoCloseable watch(Keyspace keyspace, Consumer<WatchEvent> listener);

  @Override
  void close();
}
