package org.ballista.state.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.ballista.api.BallistaException;
import org.ballista.api.state.Condition;
import org.ballista.api.state.KeyValue;
import org.ballista.api.state.Keyspace;
import org.ballista.api.state.Operation;
import org.ballista.api.state.StateBackend;
import org.ballista.api.state.WatchEvent;

/**
 * A {@link StateBackend} on etcd (v3 API, through jetcd). Keys live at {@code
 * /<namespace>/<keyspace>/<key>} (keyspace in lower case), locks at {@code
 * /<namespace>/_locks/<keyspace>/<key>}. A key's version is its etcd mod_revision; transactions are
 * etcd transactions comparing mod_revision (version 0: create_revision 0, the key is absent); leases
 * are etcd leases (ttl rounded up to whole seconds); a lock is a key created only if absent and
 * attached to the holder's lease; watches are etcd prefix watches starting at the revision current
 * when {@link #watch} is called.
 *
 * <p>Every call waits at most the timeout (5 s by default) and turns failures into {@link
 * BallistaException} of kind IO naming the endpoints; the client does not wait for a connection to
 * become ready, so an unreachable etcd fails fast. A lost connection is re-established by the client.
 */
public final class EtcdStateBackend implements StateBackend {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  private static final int MOVE_ATTEMPTS = 16;
  private static final System.Logger LOG = System.getLogger(EtcdStateBackend.class.getName());

  private final String endpoints;
  private final String namespace;
  private final Duration timeout;
  private final Client client;
  private final KV kv;
  private final Lease leases;
  private final Watch watches;
  private final List<AutoCloseable> openWatches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public EtcdStateBackend(List<String> endpoints, String namespace) {
    this(endpoints, namespace, DEFAULT_TIMEOUT);
  }

  /** {@code endpoints}: client URLs such as {@code http://127.0.0.1:2379}; {@code timeout}: the longest any call waits. */
  public EtcdStateBackend(List<String> endpoints, String namespace, Duration timeout) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints");
    }
    if (namespace == null || namespace.isEmpty() || namespace.contains("/")) {
      throw new IllegalArgumentException("state namespace must be non-empty without '/': '" + namespace + "'");
    }
    this.endpoints = String.join(",", endpoints);
    this.namespace = namespace;
    this.timeout = timeout;
    this.client = Client.builder()
        .endpoints(endpoints.toArray(String[]::new))
        .waitForReady(false)
        .connectTimeout(timeout)
        .retryMaxDuration(timeout)
        .build();
    this.kv = client.getKVClient();
    this.leases = client.getLeaseClient();
    this.watches = client.getWatchClient();
  }

  private String prefix(Keyspace keyspace) {
    return "/" + namespace + "/" + keyspace.name().toLowerCase(Locale.ROOT) + "/";
  }

  private ByteSequence key(Keyspace keyspace, String key) {
    return bytes(prefix(keyspace) + key);
  }

  private ByteSequence lockKey(Keyspace keyspace, String key) {
    return bytes("/" + namespace + "/_locks/" + keyspace.name().toLowerCase(Locale.ROOT) + "/" + key);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }

  @Override
  public Optional<KeyValue> get(Keyspace keyspace, String key) {
    GetResponse r = call(kv.get(key(keyspace, key)), "get");
    return r.getKvs().stream().findFirst()
        .map(e -> new KeyValue(keyspace, key, e.getValue().getBytes(), e.getModRevision()));
  }

  @Override
  public long put(Keyspace keyspace, String key, byte[] value, long lease) {
    PutOption option = lease == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(lease).build();
    return call(kv.put(key(keyspace, key), ByteSequence.from(value), option), "put", lease).getHeader().getRevision();
  }

  @Override
  public boolean delete(Keyspace keyspace, String key) {
    return call(kv.delete(key(keyspace, key)), "delete").getDeleted() > 0;
  }

  @Override
  public List<KeyValue> scan(Keyspace keyspace, String prefix, int limit) {
    int cut = prefix(keyspace).length();
    GetOption option = GetOption.builder().isPrefix(true).withLimit(limit)
        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build();
    GetResponse r = call(kv.get(key(keyspace, prefix), option), "scan");
    List<KeyValue> out = new ArrayList<>(r.getKvs().size());
    for (io.etcd.jetcd.KeyValue e : r.getKvs()) {
      out.add(new KeyValue(keyspace, e.getKey().toString(UTF_8).substring(cut), e.getValue().getBytes(), e.getModRevision()));
    }
    return out;
  }

  @Override
  public List<String> scanKeys(Keyspace keyspace, String prefix) {
    int cut = prefix(keyspace).length();
    GetOption option = GetOption.builder().isPrefix(true).withKeysOnly(true)
        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build();
    GetResponse r = call(kv.get(key(keyspace, prefix), option), "scan keys");
    return r.getKvs().stream().map(e -> e.getKey().toString(UTF_8).substring(cut)).toList();
  }

  @Override
  public boolean transaction(List<Condition> conditions, List<Operation> operations) {
    Cmp[] cmps = new Cmp[conditions.size()];
    for (int i = 0; i < cmps.length; i++) {
      Condition c = conditions.get(i);
      ByteSequence k = key(c.keyspace(), c.key());
      cmps[i] = c.version() == 0
          ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
          : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(c.version()));
    }
    Op[] ops = new Op[operations.size()];
    for (int i = 0; i < ops.length; i++) {
      Operation op = operations.get(i);
      if (op instanceof Operation.Put p) {
        ops[i] = Op.put(key(p.keyspace(), p.key()), ByteSequence.from(p.value()), PutOption.DEFAULT);
      } else if (op instanceof Operation.Delete d) {
        ops[i] = Op.delete(key(d.keyspace(), d.key()), DeleteOption.DEFAULT);
      }
    }
    return call(kv.txn().If(cmps).Then(ops).commit(), "transaction").isSucceeded();
  }

  @Override
  public boolean move(Keyspace from, Keyspace to, String key) {
    ByteSequence source = key(from, key);
    ByteSequence target = key(to, key);
    for (int attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
      Optional<io.etcd.jetcd.KeyValue> current = call(kv.get(source), "move").getKvs().stream().findFirst();
      if (current.isEmpty()) {
        return false;
      }
      io.etcd.jetcd.KeyValue e = current.get();
      PutOption option = e.getLease() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(e.getLease()).build();
      try {
        TxnResponse r = call(kv.txn()
            .If(new Cmp(source, Cmp.Op.EQUAL, CmpTarget.modRevision(e.getModRevision())))
            .Then(Op.delete(source, DeleteOption.DEFAULT), Op.put(target, e.getValue(), option))
            .commit(), "move", e.getLease());
        if (r.isSucceeded()) {
          return true;
        }
      } catch (BallistaException expired) {
        if (expired.kind() != BallistaException.Kind.NOT_FOUND) {
          throw expired;
        }
        // the source's lease expired meanwhile: its key is gone or going, look again
      }
    }
    throw new BallistaException(BallistaException.Kind.IO,
        "etcd at " + endpoints + ": move of '" + key + "' kept conflicting with concurrent writes");
  }

  @Override
  public long grantLease(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
    }
    long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
    return call(leases.grant(seconds), "grant lease").getID();
  }

  @Override
  public boolean keepAlive(long lease) {
    try {
      return call(leases.keepAliveOnce(lease), "keep lease alive", lease).getTTL() > 0;
    } catch (BallistaException e) {
      if (e.kind() == BallistaException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void revokeLease(long lease) {
    try {
      call(leases.revoke(lease), "revoke lease", lease);
    } catch (BallistaException e) {
      if (e.kind() != BallistaException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public boolean tryLock(Keyspace keyspace, String key, long lease) {
    ByteSequence lock = lockKey(keyspace, key);
    ByteSequence holder = bytes(Long.toString(lease));
    while (true) {
      TxnResponse r = call(kv.txn()
          .If(new Cmp(lock, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
          .Then(Op.put(lock, holder, PutOption.builder().withLeaseId(lease).build()))
          .Else(Op.get(lock, GetOption.DEFAULT))
          .commit(), "try lock", lease);
      if (r.isSucceeded()) {
        return true;
      }
      List<io.etcd.jetcd.KeyValue> held = r.getGetResponses().get(0).getKvs();
      if (!held.isEmpty()) {
        return held.get(0).getLease() == lease;
      }
      // released between the compare and the get: try again
    }
  }

  @Override
  public void unlock(Keyspace keyspace, String key, long lease) {
    ByteSequence lock = lockKey(keyspace, key);
    call(kv.txn()
        .If(new Cmp(lock, Cmp.Op.EQUAL, CmpTarget.value(bytes(Long.toString(lease)))))
        .Then(Op.delete(lock, DeleteOption.DEFAULT))
        .commit(), "unlock");
  }

  @Override
  public AutoCloseable watch(Keyspace keyspace, Consumer<WatchEvent> listener) {
    String prefix = prefix(keyspace);
    // start right after the current revision, so every change made after this call returns is seen
    long revision = call(kv.get(bytes(prefix), GetOption.builder().withCountOnly(true).build()), "watch")
        .getHeader().getRevision();
    ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "etcd-state-watch " + prefix);
      t.setDaemon(true);
      return t;
    });
    WatchHandle handle = new WatchHandle(delivery);
    Watch.Listener etcdListener = Watch.listener(response -> {
      for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
        String key = e.getKeyValue().getKey().toString(UTF_8).substring(prefix.length());
        WatchEvent event = switch (e.getEventType()) {
          case PUT -> new WatchEvent(keyspace, key, e.getKeyValue().getValue().getBytes(), false);
          case DELETE -> new WatchEvent(keyspace, key, null, true);
          default -> null;
        };
        if (event != null) {
          handle.deliver(() -> listener.accept(event));
        }
      }
    }, error -> LOG.log(System.Logger.Level.WARNING, "etcd watch of " + prefix + " at " + endpoints + " failed", error));
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision + 1).build();
    try {
      handle.watcher = watches.watch(bytes(prefix), option, etcdListener);
    } catch (RuntimeException e) {
      delivery.shutdown();
      throw failure("watch", e, 0);
    }
    openWatches.add(handle);
    return handle;
  }

  /** An etcd watcher whose events reach the listener on one thread of its own, in order. */
  private final class WatchHandle implements AutoCloseable {
    private final ExecutorService delivery;
    private volatile Watch.Watcher watcher;
    private volatile boolean closed;

    WatchHandle(ExecutorService delivery) {
      this.delivery = delivery;
    }

    void deliver(Runnable call) {
      if (closed) {
        return;
      }
      try {
        delivery.execute(() -> {
          if (!closed) {
            try {
              call.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "state watch listener failed", e);
            }
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed meanwhile
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      openWatches.remove(this);
      Watch.Watcher w = watcher;
      if (w != null) {
        w.close();
      }
      delivery.shutdown();
    }
  }

  private <T> T call(CompletableFuture<T> future, String what) {
    return call(future, what, 0);
  }

  /** Waits for {@code future} at most the timeout; {@code lease} names the lease for a NOT_FOUND answer. */
  private <T> T call(CompletableFuture<T> future, String what, long lease) {
    if (closed) {
      throw new BallistaException(BallistaException.Kind.IO, "etcd state backend for " + endpoints + " is closed");
    }
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new BallistaException(BallistaException.Kind.IO,
          "etcd at " + endpoints + " unreachable: no answer to " + what + " within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new BallistaException(BallistaException.Kind.CANCELLED, "interrupted waiting for etcd at " + endpoints, e);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause(), lease);
    }
  }

  private BallistaException failure(String what, Throwable cause, long lease) {
    ErrorCode code = null;
    for (Throwable t = cause; t != null && code == null; t = t.getCause()) {
      if (t instanceof EtcdException ee) {
        code = ee.getErrorCode();
      }
    }
    Status.Code status = Status.fromThrowable(cause).getCode();
    if (code == ErrorCode.NOT_FOUND || status == Status.Code.NOT_FOUND) {
      return new BallistaException(BallistaException.Kind.NOT_FOUND,
          "lease " + lease + " not found at etcd " + endpoints + " (expired or revoked): " + what, cause);
    }
    boolean unreachable = code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED
        || status == Status.Code.UNAVAILABLE || status == Status.Code.DEADLINE_EXCEEDED || code == null;
    return new BallistaException(BallistaException.Kind.IO,
        "etcd at " + endpoints + (unreachable ? " unreachable: " : " failed: ") + what + ": " + cause.getMessage(), cause);
  }

  /** Closes this handle's watches and the client. Leases granted through it are left to expire. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (AutoCloseable w : openWatches) {
      try {
        w.close();
      } catch (Exception e) {
        // watches close without failing
      }
    }
    closed = true;
    client.close();
  }
}
