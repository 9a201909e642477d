package org.ballista.state.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ballista.api.state.Condition;
import org.ballista.api.state.KeyValue;
import org.ballista.api.state.Keyspace;
import org.ballista.api.state.Operation;
import org.ballista.api.state.StateBackend;
import org.ballista.api.state.WatchEvent;

/**
 * A {@link StateBackend} in process memory: state lives as long as its {@link MemoryStore}. Keys are
 * stored at {@code <namespace>/<keyspace>/<key>}, locks at {@code <namespace>/_locks/<keyspace>/<key>}.
 * A backend made with {@link #MemoryStateBackend(String)} owns its store and closes it; several
 * backends made with {@link #MemoryStateBackend(MemoryStore, String)} share a store (like several
 * schedulers on one etcd) and leave closing it to its creator.
 */
public final class MemoryStateBackend implements StateBackend {
  private final MemoryStore store;
  private final boolean ownsStore;
  private final String namespace;
  private final List<AutoCloseable> watches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** A backend on its own store, in namespace {@code "default"}. */
  public MemoryStateBackend() {
    this("default");
  }

  /** A backend on its own new store. */
  public MemoryStateBackend(String namespace) {
    this(new MemoryStore(), namespace, true);
  }

  /** A client handle on a shared store; closing it closes its watches, not the store. */
  public MemoryStateBackend(MemoryStore store, String namespace) {
    this(store, namespace, false);
  }

  private MemoryStateBackend(MemoryStore store, String namespace, boolean ownsStore) {
    this.namespace = checkNamespace(namespace);
    this.store = store;
    this.ownsStore = ownsStore;
  }

  static String checkNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty() || namespace.contains("/")) {
      throw new IllegalArgumentException("state namespace must be non-empty without '/': '" + namespace + "'");
    }
    return namespace;
  }

  private String prefix(Keyspace keyspace) {
    return namespace + "/" + keyspace.name().toLowerCase(Locale.ROOT) + "/";
  }

  private String path(Keyspace keyspace, String key) {
    return prefix(keyspace) + key;
  }

  private String lockPath(Keyspace keyspace, String key) {
    return namespace + "/_locks/" + keyspace.name().toLowerCase(Locale.ROOT) + "/" + key;
  }

  @Override
  public Optional<KeyValue> get(Keyspace keyspace, String key) {
    return store.get(path(keyspace, key))
        .map(e -> new KeyValue(keyspace, key, MemoryStore.copy(e.value()), e.version()));
  }

  @Override
  public long put(Keyspace keyspace, String key, byte[] value, long lease) {
    return store.apply(List.of(), List.of(new MemoryStore.Write(path(keyspace, key), MemoryStore.copy(value), lease)));
  }

  @Override
  public boolean delete(Keyspace keyspace, String key) {
    return store.delete(path(keyspace, key));
  }

  @Override
  public List<KeyValue> scan(Keyspace keyspace, String prefix, int limit) {
    int cut = prefix(keyspace).length();
    return store.range(path(keyspace, prefix), limit).stream()
        .map(e -> new KeyValue(keyspace, e.getKey().substring(cut), MemoryStore.copy(e.getValue().value()),
            e.getValue().version()))
        .toList();
  }

  @Override
  public List<String> scanKeys(Keyspace keyspace, String prefix) {
    int cut = prefix(keyspace).length();
    return store.range(path(keyspace, prefix), 0).stream().map(e -> e.getKey().substring(cut)).toList();
  }

  @Override
  public boolean transaction(List<Condition> conditions, List<Operation> operations) {
    List<MemoryStore.Check> checks = new ArrayList<>(conditions.size());
    for (Condition c : conditions) {
      checks.add(new MemoryStore.Check(path(c.keyspace(), c.key()), c.version()));
    }
    List<MemoryStore.Write> writes = new ArrayList<>(operations.size());
    for (Operation op : operations) {
      if (op instanceof Operation.Put p) {
        writes.add(new MemoryStore.Write(path(p.keyspace(), p.key()), MemoryStore.copy(p.value()), 0));
      } else if (op instanceof Operation.Delete d) {
        writes.add(new MemoryStore.Write(path(d.keyspace(), d.key()), null, 0));
      }
    }
    return store.apply(checks, writes) >= 0;
  }

  @Override
  public boolean move(Keyspace from, Keyspace to, String key) {
    return store.move(path(from, key), path(to, key));
  }

  @Override
  public long grantLease(Duration ttl) {
    return store.grantLease(ttl);
  }

  @Override
  public boolean keepAlive(long lease) {
    return store.keepAlive(lease);
  }

  @Override
  public void revokeLease(long lease) {
    store.revokeLease(lease);
  }

  @Override
  public boolean tryLock(Keyspace keyspace, String key, long lease) {
    return store.tryLock(lockPath(keyspace, key), lease);
  }

  @Override
  public void unlock(Keyspace keyspace, String key, long lease) {
    store.unlock(lockPath(keyspace, key), lease);
  }

  @Override
  public AutoCloseable watch(Keyspace keyspace, Consumer<WatchEvent> listener) {
    String prefix = prefix(keyspace);
    MemoryStore.Watch watch = store.watch(prefix, change -> listener.accept(
        new WatchEvent(keyspace, change.path().substring(prefix.length()), MemoryStore.copy(change.value()),
            change.value() == null)));
    watches.add(watch);
    return () -> {
      watches.remove(watch);
      watch.close();
    };
  }

  /** Closes this handle's watches, and the store if this backend created it. Leases are left to expire. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable w : watches) {
      try {
        w.close();
      } catch (Exception e) {
        // watches close without failing
      }
    }
    watches.clear();
    if (ownsStore) {
      store.close();
    }
  }
}
