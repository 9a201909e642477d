package org.ballista.state.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ballista.api.BallistaException;

/**
 * An in-process key-value store with the semantics of etcd that the state backends need: one sorted
 * map of paths, a global revision (bumped once per write operation; a key's version is the revision
 * of its last write), leases whose expiry deletes their keys, and prefix watches. Several {@link
 * MemoryStateBackend} handles may share one store, like several clients of one etcd.
 *
 * <p>All state is guarded by one lock. Watch events are queued while the lock is held (so their
 * order is the order of the writes) and delivered on one thread per watch, never under the lock.
 * A scheduled thread expires leases. {@link #close} stops both kinds of threads.
 */
public final class MemoryStore implements AutoCloseable {
  /** A stored value: {@code lease} 0 when the key has none. */
  record Entry(byte[] value, long version, long lease) {}

  /** A write condition: the path's version is {@code version} (0: absent). */
  record Check(String path, long version) {}

  /** A write: a put of {@code value} with {@code lease}, or a delete when {@code value} is null. */
  record Write(String path, byte[] value, long lease) {}

  /** A change seen by a watch: a put (value set) or a delete (value null). */
  record Change(String path, byte[] value) {}

  private static final class Lease {
    final long ttlNanos;
    long deadline;
    final Set<String> paths = new HashSet<>();

    Lease(long ttlNanos, long now) {
      this.ttlNanos = ttlNanos;
      this.deadline = now + ttlNanos;
    }
  }

  /** A prefix watch with its own delivery thread. */
  final class Watch implements AutoCloseable {
    private final String prefix;
    private final Consumer<Change> listener;
    private final ExecutorService delivery;
    private volatile boolean closed;

    private Watch(String prefix, Consumer<Change> listener) {
      this.prefix = prefix;
      this.listener = listener;
      this.delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-state-watch " + prefix);
        t.setDaemon(true);
        return t;
      });
    }

    private void enqueue(Change change) {
      delivery.execute(() -> {
        if (!closed) {
          try {
            listener.accept(change);
          } catch (RuntimeException e) {
            // a failing listener must not stop later deliveries
          }
        }
      });
    }

    @Override
    public void close() {
      closed = true;
      synchronized (lock) {
        watches.remove(this);
      }
      delivery.shutdown();
    }
  }

  private final Object lock = new Object();
  private final TreeMap<String, Entry> data = new TreeMap<>();
  private final Map<Long, Lease> leases = new HashMap<>();
  private final List<Watch> watches = new ArrayList<>();
  private final ScheduledExecutorService expiry;
  private long revision;
  private long lastLease;
  private boolean closed;

  /** A store whose leases are checked for expiry every 20 ms. */
  public MemoryStore() {
    this(Duration.ofMillis(20));
  }

  public MemoryStore(Duration expiryCheckInterval) {
    expiry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "memory-state-lease-expiry");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, expiryCheckInterval.toMillis());
    expiry.scheduleWithFixedDelay(this::expireLeases, period, period, TimeUnit.MILLISECONDS);
  }

  Optional<Entry> get(String path) {
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(data.get(path));
    }
  }

  /** Entries whose path starts with {@code prefix}, in path order, at most {@code limit} (0: all). */
  List<Map.Entry<String, Entry>> range(String prefix, int limit) {
    synchronized (lock) {
      checkOpen();
      List<Map.Entry<String, Entry>> out = new ArrayList<>();
      for (Map.Entry<String, Entry> e : tail(prefix).entrySet()) {
        if (!e.getKey().startsWith(prefix) || (limit > 0 && out.size() == limit)) {
          break;
        }
        out.add(Map.entry(e.getKey(), e.getValue()));
      }
      return out;
    }
  }

  private SortedMap<String, Entry> tail(String prefix) {
    return data.tailMap(prefix, true);
  }

  /**
   * Applies {@code writes} as one revision if every check holds; returns the new revision, or -1
   * when a check failed (nothing written). Throws NOT_FOUND for a put with an unknown lease.
   */
  long apply(List<Check> checks, List<Write> writes) {
    synchronized (lock) {
      checkOpen();
      for (Check c : checks) {
        Entry e = data.get(c.path());
        if ((e == null ? 0 : e.version()) != c.version()) {
          return -1;
        }
      }
      for (Write w : writes) {
        if (w.value() != null && w.lease() != 0 && !leases.containsKey(w.lease())) {
          throw leaseNotFound(w.lease());
        }
      }
      return write(writes);
    }
  }

  /** Deletes {@code path}; returns whether it existed. */
  boolean delete(String path) {
    synchronized (lock) {
      checkOpen();
      if (!data.containsKey(path)) {
        return false;
      }
      write(List.of(new Write(path, null, 0)));
      return true;
    }
  }

  /** Moves the entry at {@code from} (value and lease) to {@code to}; returns whether it existed. */
  boolean move(String from, String to) {
    synchronized (lock) {
      checkOpen();
      Entry e = data.get(from);
      if (e == null) {
        return false;
      }
      write(List.of(new Write(from, null, 0), new Write(to, e.value(), e.lease())));
      return true;
    }
  }

  /** Creates {@code path} held by {@code lease} unless another lease holds it; true when {@code lease} holds it. */
  boolean tryLock(String path, long lease) {
    synchronized (lock) {
      checkOpen();
      if (!leases.containsKey(lease)) {
        throw leaseNotFound(lease);
      }
      Entry e = data.get(path);
      if (e != null) {
        return e.lease() == lease;
      }
      write(List.of(new Write(path, new byte[0], lease)));
      return true;
    }
  }

  /** Deletes {@code path} if {@code lease} holds it. */
  void unlock(String path, long lease) {
    synchronized (lock) {
      checkOpen();
      Entry e = data.get(path);
      if (e != null && e.lease() == lease) {
        write(List.of(new Write(path, null, 0)));
      }
    }
  }

  long grantLease(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
    }
    synchronized (lock) {
      checkOpen();
      long id = ++lastLease;
      leases.put(id, new Lease(ttl.toNanos(), System.nanoTime()));
      return id;
    }
  }

  boolean keepAlive(long id) {
    synchronized (lock) {
      checkOpen();
      Lease lease = leases.get(id);
      if (lease == null) {
        return false;
      }
      long now = System.nanoTime();
      if (now - lease.deadline >= 0) { // expired, the expiry thread has not run yet
        revoke(id);
        return false;
      }
      lease.deadline = now + lease.ttlNanos;
      return true;
    }
  }

  void revokeLease(long id) {
    synchronized (lock) {
      checkOpen();
      revoke(id);
    }
  }

  /** Watches paths starting with {@code prefix}: every later change, in order, on the watch's thread. */
  Watch watch(String prefix, Consumer<Change> listener) {
    synchronized (lock) {
      checkOpen();
      Watch w = new Watch(prefix, listener);
      watches.add(w);
      return w;
    }
  }

  private void expireLeases() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long now = System.nanoTime();
      List<Long> expired = new ArrayList<>();
      for (Map.Entry<Long, Lease> e : leases.entrySet()) {
        if (now - e.getValue().deadline >= 0) {
          expired.add(e.getKey());
        }
      }
      expired.forEach(this::revoke);
    }
  }

  /** Under the lock: drops the lease and deletes its keys as one revision. */
  private void revoke(long id) {
    Lease lease = leases.remove(id);
    if (lease == null || lease.paths.isEmpty()) {
      return;
    }
    List<Write> deletes = new ArrayList<>();
    for (String path : lease.paths.stream().sorted().toList()) {
      deletes.add(new Write(path, null, 0));
    }
    write(deletes);
  }

  /** Under the lock, checks done: applies the writes as one new revision and queues their events. */
  private long write(List<Write> writes) {
    long rev = revision + 1;
    boolean changed = false;
    for (Write w : writes) {
      Entry old = w.value() == null ? data.remove(w.path()) : data.put(w.path(), new Entry(w.value(), rev, w.lease()));
      if (old != null && old.lease() != 0) {
        Lease l = leases.get(old.lease());
        if (l != null) {
          l.paths.remove(w.path());
        }
      }
      if (w.value() != null && w.lease() != 0) {
        leases.get(w.lease()).paths.add(w.path());
      }
      if (w.value() == null && old == null) {
        continue; // deleting an absent key changes nothing
      }
      changed = true;
      for (Watch watch : watches) {
        if (w.path().startsWith(watch.prefix)) {
          watch.enqueue(new Change(w.path(), w.value()));
        }
      }
    }
    if (changed) {
      revision = rev;
    }
    return revision;
  }

  private void checkOpen() {
    if (closed) {
      throw new BallistaException(BallistaException.Kind.IO, "in-memory state store is closed");
    }
  }

  private static BallistaException leaseNotFound(long lease) {
    return new BallistaException(BallistaException.Kind.NOT_FOUND, "lease " + lease + " not found (expired or revoked)");
  }

  /** Stops the expiry thread and every watch; later calls throw. Idempotent. */
  @Override
  public void close() {
    List<Watch> open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open = List.copyOf(watches);
    }
    expiry.shutdownNow();
    open.forEach(Watch::close);
  }

  static byte[] copy(byte[] value) {
    return value == null ? null : Arrays.copyOf(value, value.length);
  }
}
