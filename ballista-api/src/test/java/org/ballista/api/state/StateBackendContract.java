package org.ballista.api.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ballista.api.BallistaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateBackend} must have. A backend's test extends this class and
 * implements {@link #open}: a new client handle on one store shared by the whole test class (two
 * handles on the same namespace see each other's keys, leases and locks, like two schedulers).
 * Each test works in a fresh namespace, so the store need not be emptied between tests.
 */
public abstract class StateBackendContract {
  /** Leases that should expire during a test: short, so the suite stays fast. */
  protected static final Duration SHORT_TTL = Duration.ofSeconds(1);
  protected static final Duration LONG_TTL = Duration.ofSeconds(30);
  /** How long a lease of {@link #SHORT_TTL} may take to expire (etcd checks expiry every 0.5 s). */
  protected static final Duration EXPIRY_DEADLINE = Duration.ofSeconds(6);

  private final List<StateBackend> opened = new ArrayList<>();
  /** The namespace of this test. */
  protected String namespace;
  /** A client on {@link #namespace}. */
  protected StateBackend state;

  /** A new client handle on the test class's shared store; the contract closes it after the test. */
  protected abstract StateBackend open(String namespace);

  protected final StateBackend client(String ns) {
    StateBackend backend = open(ns);
    opened.add(backend);
    return backend;
  }

  @BeforeEach
  void openState() {
    namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
    state = client(namespace);
  }

  @AfterEach
  void closeClients() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  protected static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  private static String value(Optional<KeyValue> kv) {
    return kv.map(e -> s(e.value())).orElse(null);
  }

  protected static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void putGetDeleteAndVersionsIncrease() {
    assertEquals(Optional.empty(), state.get(Keyspace.EXECUTORS, "e1"));
    byte[] bytes = b("host-a:50051");
    long v1 = state.put(Keyspace.EXECUTORS, "e1", bytes);
    bytes[0] = 'X'; // the store keeps its own copy
    assertTrue(v1 > 0);
    KeyValue kv = state.get(Keyspace.EXECUTORS, "e1").orElseThrow();
    assertEquals(new KeyValue(Keyspace.EXECUTORS, "e1", b("host-a:50051"), v1), kv);

    long v2 = state.put(Keyspace.EXECUTORS, "e1", b("host-b:50051"));
    assertTrue(v2 > v1, v2 + " > " + v1);
    long other = state.put(Keyspace.EXECUTORS, "e2", b("x"));
    assertTrue(other > v2, "versions are store revisions: a later write of another key is newer");
    assertEquals(v2, state.get(Keyspace.EXECUTORS, "e1").orElseThrow().version());
    assertEquals("host-b:50051", value(state.get(Keyspace.EXECUTORS, "e1")));
    assertEquals(Optional.empty(), state.get(Keyspace.SESSIONS, "e1"), "keyspaces are separate");

    assertTrue(state.delete(Keyspace.EXECUTORS, "e1"));
    assertEquals(Optional.empty(), state.get(Keyspace.EXECUTORS, "e1"));
    assertFalse(state.delete(Keyspace.EXECUTORS, "e1"));
    long v3 = state.put(Keyspace.EXECUTORS, "e1", b("again"));
    assertTrue(v3 > other, "a re-created key never reuses a version");
  }

  @Test
  void scanByPrefixInKeyOrderWithLimit() {
    state.put(Keyspace.ACTIVE_JOBS, "job/2", b("two"));
    state.put(Keyspace.ACTIVE_JOBS, "job/10", b("ten"));
    state.put(Keyspace.ACTIVE_JOBS, "job/1", b("one"));
    state.put(Keyspace.ACTIVE_JOBS, "jobs", b("not under job/"));
    state.put(Keyspace.ACTIVE_JOBS, "other/1", b("other"));
    state.put(Keyspace.COMPLETED_JOBS, "job/0", b("another keyspace"));

    List<KeyValue> all = state.scan(Keyspace.ACTIVE_JOBS, "job/", 0);
    assertEquals(List.of("job/1", "job/10", "job/2"), all.stream().map(KeyValue::key).toList());
    assertEquals(List.of("one", "ten", "two"), all.stream().map(kv -> s(kv.value())).toList());
    assertTrue(all.stream().allMatch(kv -> kv.keyspace() == Keyspace.ACTIVE_JOBS && kv.version() > 0));
    assertEquals(all.get(1), state.get(Keyspace.ACTIVE_JOBS, "job/10").orElseThrow());

    assertEquals(List.of("job/1", "job/10"),
        state.scan(Keyspace.ACTIVE_JOBS, "job/", 2).stream().map(KeyValue::key).toList());
    assertEquals(5, state.scan(Keyspace.ACTIVE_JOBS, "", 0).size());
    assertEquals(List.of("job/1", "job/10", "job/2", "jobs", "other/1"), state.scanKeys(Keyspace.ACTIVE_JOBS, ""));
    assertEquals(List.of("job/1", "job/10", "job/2"), state.scanKeys(Keyspace.ACTIVE_JOBS, "job/"));
    assertEquals(List.of(), state.scanKeys(Keyspace.ACTIVE_JOBS, "nothing"));
    assertEquals(List.of(), state.scan(Keyspace.FAILED_JOBS, "", 0));
  }

  @Test
  void transactionCommitsWhenConditionsHold() {
    long a = state.put(Keyspace.JOB_OWNERS, "job1", b("scheduler-1"));
    state.put(Keyspace.EXECUTION_GRAPHS, "job1/stage/9", b("to delete"));
    boolean done = state.transaction(
        List.of(new Condition(Keyspace.JOB_OWNERS, "job1", a), new Condition(Keyspace.EXECUTION_GRAPHS, "job1/stage/1", 0)),
        List.of(new Operation.Put(Keyspace.EXECUTION_GRAPHS, "job1/stage/1", b("done")),
            new Operation.Put(Keyspace.JOB_OWNERS, "job1", b("scheduler-1 again")),
            new Operation.Delete(Keyspace.EXECUTION_GRAPHS, "job1/stage/9")));
    assertTrue(done);
    KeyValue stage = state.get(Keyspace.EXECUTION_GRAPHS, "job1/stage/1").orElseThrow();
    KeyValue owner = state.get(Keyspace.JOB_OWNERS, "job1").orElseThrow();
    assertEquals("done", s(stage.value()));
    assertEquals("scheduler-1 again", s(owner.value()));
    assertTrue(owner.version() > a);
    assertEquals(owner.version(), stage.version(), "one transaction, one revision");
    assertEquals(Optional.empty(), state.get(Keyspace.EXECUTION_GRAPHS, "job1/stage/9"));
    assertTrue(state.transaction(List.of(), List.of(new Operation.Put(Keyspace.SLOTS, "s", b("1")))));
    assertEquals("1", value(state.get(Keyspace.SLOTS, "s")));
  }

  @Test
  void transactionWithStaleVersionWritesNothing() {
    long old = state.put(Keyspace.JOB_OWNERS, "job1", b("scheduler-1"));
    long now = state.put(Keyspace.JOB_OWNERS, "job1", b("scheduler-2")); // another owner took over
    boolean done = state.transaction(List.of(new Condition(Keyspace.JOB_OWNERS, "job1", old)),
        List.of(new Operation.Put(Keyspace.EXECUTION_GRAPHS, "job1/stage/1", b("stale")),
            new Operation.Delete(Keyspace.JOB_OWNERS, "job1")));
    assertFalse(done);
    assertEquals(Optional.empty(), state.get(Keyspace.EXECUTION_GRAPHS, "job1/stage/1"));
    assertEquals(new KeyValue(Keyspace.JOB_OWNERS, "job1", b("scheduler-2"), now), state.get(Keyspace.JOB_OWNERS, "job1").orElseThrow());
    // one failing condition among holding ones fails the whole transaction
    assertFalse(state.transaction(
        List.of(new Condition(Keyspace.JOB_OWNERS, "job1", now), new Condition(Keyspace.JOB_OWNERS, "missing", 5)),
        List.of(new Operation.Put(Keyspace.JOB_OWNERS, "job1", b("x")))));
    assertEquals(now, state.get(Keyspace.JOB_OWNERS, "job1").orElseThrow().version());
  }

  @Test
  void createIfAbsentWithVersionZero() {
    List<Condition> absent = List.of(new Condition(Keyspace.SESSIONS, "s1", 0));
    assertTrue(state.transaction(absent, List.of(new Operation.Put(Keyspace.SESSIONS, "s1", b("first")))));
    assertFalse(state.transaction(absent, List.of(new Operation.Put(Keyspace.SESSIONS, "s1", b("second")))));
    assertEquals("first", value(state.get(Keyspace.SESSIONS, "s1")));
    state.delete(Keyspace.SESSIONS, "s1");
    assertTrue(state.transaction(absent, List.of(new Operation.Put(Keyspace.SESSIONS, "s1", b("third")))));
    assertEquals("third", value(state.get(Keyspace.SESSIONS, "s1")));
  }

  @Test
  void moveIsAtomicAndReportsAbsentSource() {
    long v = state.put(Keyspace.ACTIVE_JOBS, "job1", b("graph"));
    state.put(Keyspace.COMPLETED_JOBS, "job2", b("old"));
    assertTrue(state.move(Keyspace.ACTIVE_JOBS, Keyspace.COMPLETED_JOBS, "job1"));
    assertEquals(Optional.empty(), state.get(Keyspace.ACTIVE_JOBS, "job1"));
    KeyValue moved = state.get(Keyspace.COMPLETED_JOBS, "job1").orElseThrow();
    assertEquals("graph", s(moved.value()));
    assertTrue(moved.version() > v);
    assertFalse(state.move(Keyspace.ACTIVE_JOBS, Keyspace.COMPLETED_JOBS, "job1"));
    assertFalse(state.move(Keyspace.ACTIVE_JOBS, Keyspace.FAILED_JOBS, "never"));
    assertEquals(Optional.empty(), state.get(Keyspace.FAILED_JOBS, "never"));

    state.put(Keyspace.ACTIVE_JOBS, "job2", b("new"));
    assertTrue(state.move(Keyspace.ACTIVE_JOBS, Keyspace.COMPLETED_JOBS, "job2"));
    assertEquals("new", value(state.get(Keyspace.COMPLETED_JOBS, "job2")), "the target is overwritten");
    assertEquals(List.of("job1", "job2"), state.scanKeys(Keyspace.COMPLETED_JOBS, ""));
    assertEquals(List.of(), state.scanKeys(Keyspace.ACTIVE_JOBS, ""));
  }

  @Test
  void leaseExpiryDeletesItsKeys() throws Exception {
    long lease = state.grantLease(SHORT_TTL);
    assertNotEquals(0, lease);
    state.put(Keyspace.HEARTBEATS, "e1", b("alive"), lease);
    state.put(Keyspace.EXECUTORS, "e1", b("registered"), lease);
    state.put(Keyspace.HEARTBEATS, "e2", b("no lease"));
    LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    try (AutoCloseable watch = state.watch(Keyspace.HEARTBEATS, events::add)) {
      assertEquals("alive", value(state.get(Keyspace.HEARTBEATS, "e1")));
      await("lease keys deleted", EXPIRY_DEADLINE, () -> state.get(Keyspace.HEARTBEATS, "e1").isEmpty());
      WatchEvent deleted = events.poll(5, TimeUnit.SECONDS);
      assertEquals("e1", deleted.key());
      assertTrue(deleted.deleted(), "expiry is seen by watches as a delete");
    }
    assertEquals(Optional.empty(), state.get(Keyspace.EXECUTORS, "e1"));
    assertEquals("no lease", value(state.get(Keyspace.HEARTBEATS, "e2")));
    assertFalse(state.keepAlive(lease));
    BallistaException e = assertThrows(BallistaException.class,
        () -> state.put(Keyspace.HEARTBEATS, "e1", b("late"), lease));
    assertEquals(BallistaException.Kind.NOT_FOUND, e.kind());
    assertEquals(Optional.empty(), state.get(Keyspace.HEARTBEATS, "e1"));
  }

  @Test
  void rewritingAKeyWithoutLeaseDetachesIt() throws Exception {
    long lease = state.grantLease(SHORT_TTL);
    state.put(Keyspace.EXECUTORS, "e1", b("leased"), lease);
    state.put(Keyspace.EXECUTORS, "e2", b("leased"), lease);
    state.put(Keyspace.EXECUTORS, "e1", b("kept"));
    await("e2 expired", EXPIRY_DEADLINE, () -> state.get(Keyspace.EXECUTORS, "e2").isEmpty());
    assertEquals("kept", value(state.get(Keyspace.EXECUTORS, "e1")));
  }

  @Test
  void keepAliveExtendsTheLease() throws Exception {
    long lease = state.grantLease(SHORT_TTL);
    state.put(Keyspace.HEARTBEATS, "e1", b("alive"), lease);
    long end = System.nanoTime() + Duration.ofMillis(2200).toNanos();
    while (System.nanoTime() < end) {
      assertTrue(state.keepAlive(lease));
      Thread.sleep(200);
    }
    assertEquals("alive", value(state.get(Keyspace.HEARTBEATS, "e1")), "kept alive past twice its ttl");
    state.revokeLease(lease);
  }

  @Test
  void revokeDeletesKeysNow() {
    long lease = state.grantLease(LONG_TTL);
    state.put(Keyspace.JOB_OWNERS, "job1", b("me"), lease);
    assertTrue(state.tryLock(Keyspace.JOB_OWNERS, "job1", lease));
    state.revokeLease(lease);
    assertEquals(Optional.empty(), state.get(Keyspace.JOB_OWNERS, "job1"));
    assertFalse(state.keepAlive(lease));
    state.revokeLease(lease); // no-op
    assertEquals(BallistaException.Kind.NOT_FOUND,
        assertThrows(BallistaException.class, () -> state.tryLock(Keyspace.JOB_OWNERS, "job1", lease)).kind());
    long other = state.grantLease(LONG_TTL);
    assertTrue(state.tryLock(Keyspace.JOB_OWNERS, "job1", other), "revoking released the lock");
    state.revokeLease(other);
  }

  @Test
  void locksExcludeOtherClients() {
    StateBackend a = state;
    StateBackend b = client(namespace);
    long la = a.grantLease(LONG_TTL);
    long lb = b.grantLease(LONG_TTL);
    assertNotEquals(la, lb);
    assertTrue(a.tryLock(Keyspace.JOB_OWNERS, "job1", la));
    assertTrue(a.tryLock(Keyspace.JOB_OWNERS, "job1", la), "the holder may take it again");
    assertFalse(b.tryLock(Keyspace.JOB_OWNERS, "job1", lb));
    assertFalse(a.tryLock(Keyspace.JOB_OWNERS, "job1", lb), "held by lease, not by client");
    assertTrue(b.tryLock(Keyspace.JOB_OWNERS, "job2", lb));
    assertTrue(b.tryLock(Keyspace.EXECUTORS, "job1", lb), "locks are per keyspace");

    b.unlock(Keyspace.JOB_OWNERS, "job1", lb); // not the holder: nothing happens
    assertFalse(b.tryLock(Keyspace.JOB_OWNERS, "job1", lb));
    a.unlock(Keyspace.JOB_OWNERS, "job1", la);
    assertTrue(b.tryLock(Keyspace.JOB_OWNERS, "job1", lb));
    assertFalse(a.tryLock(Keyspace.JOB_OWNERS, "job1", la));

    assertEquals(List.of(), a.scanKeys(Keyspace.JOB_OWNERS, ""), "locks are not keys of the keyspace");
    assertEquals(Optional.empty(), b.get(Keyspace.JOB_OWNERS, "job1"));
    a.revokeLease(la);
    b.revokeLease(lb);
  }

  @Test
  void lockIsReleasedWhenItsLeaseExpires() throws Exception {
    StateBackend a = state;
    StateBackend b = client(namespace);
    long la = a.grantLease(SHORT_TTL);
    long lb = b.grantLease(LONG_TTL);
    assertTrue(a.tryLock(Keyspace.JOB_OWNERS, "job1", la));
    assertFalse(b.tryLock(Keyspace.JOB_OWNERS, "job1", lb));
    a.close(); // the owner dies without unlocking
    await("lock taken over after expiry", EXPIRY_DEADLINE, () -> b.tryLock(Keyspace.JOB_OWNERS, "job1", lb));
    b.revokeLease(lb);
  }

  @Test
  void watchDeliversChangesOfItsKeyspaceInOrder() throws Exception {
    StateBackend otherNamespace = client(namespace + "x");
    LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    AutoCloseable watch = state.watch(Keyspace.ACTIVE_JOBS, events::add);
    state.put(Keyspace.ACTIVE_JOBS, "j1", b("v1"));
    state.put(Keyspace.COMPLETED_JOBS, "j2", b("other keyspace"));
    otherNamespace.put(Keyspace.ACTIVE_JOBS, "j3", b("other namespace"));
    state.put(Keyspace.ACTIVE_JOBS, "j1", b("v2"));
    state.delete(Keyspace.ACTIVE_JOBS, "j1");
    state.transaction(List.of(), List.of(new Operation.Put(Keyspace.ACTIVE_JOBS, "j4", b("v4")),
        new Operation.Put(Keyspace.FAILED_JOBS, "j4", b("not seen"))));
    state.move(Keyspace.ACTIVE_JOBS, Keyspace.COMPLETED_JOBS, "j4");
    state.put(Keyspace.ACTIVE_JOBS, "j5", b("v5"));

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      WatchEvent e = events.poll(5, TimeUnit.SECONDS);
      if (e == null) {
        break;
      }
      assertEquals(Keyspace.ACTIVE_JOBS, e.keyspace());
      if (e.deleted()) {
        assertNull(e.value());
      }
      seen.add((e.deleted() ? "delete " : "put ") + e.key() + (e.deleted() ? "" : "=" + s(e.value())));
    }
    assertEquals(List.of("put j1=v1", "put j1=v2", "delete j1", "put j4=v4", "delete j4"), seen);
    assertEquals("put j5=v5", describe(events.poll(5, TimeUnit.SECONDS)));
    assertNull(events.poll(100, TimeUnit.MILLISECONDS));

    watch.close();
    state.put(Keyspace.ACTIVE_JOBS, "j6", b("after close"));
    assertNull(events.poll(300, TimeUnit.MILLISECONDS));
  }

  private static String describe(WatchEvent e) {
    return e == null ? null : (e.deleted() ? "delete " : "put ") + e.key() + (e.deleted() ? "" : "=" + s(e.value()));
  }

  @Test
  void namespacesIsolate() throws Exception {
    StateBackend other = client(namespace + "-2");
    StateBackend prefixOfOther = client(namespace.substring(0, namespace.length() - 1));
    state.put(Keyspace.EXECUTORS, "e1", b("mine"));
    other.put(Keyspace.EXECUTORS, "e1", b("theirs"));
    assertEquals("mine", value(state.get(Keyspace.EXECUTORS, "e1")));
    assertEquals("theirs", value(other.get(Keyspace.EXECUTORS, "e1")));
    assertEquals(List.of("e1"), other.scanKeys(Keyspace.EXECUTORS, ""));
    assertEquals(List.of(), prefixOfOther.scanKeys(Keyspace.EXECUTORS, ""));
    assertTrue(other.delete(Keyspace.EXECUTORS, "e1"));
    assertEquals("mine", value(state.get(Keyspace.EXECUTORS, "e1")));

    long la = state.grantLease(LONG_TTL);
    long lb = other.grantLease(LONG_TTL);
    assertTrue(state.tryLock(Keyspace.JOB_OWNERS, "job1", la));
    assertTrue(other.tryLock(Keyspace.JOB_OWNERS, "job1", lb), "locks are per namespace");
    assertFalse(other.move(Keyspace.EXECUTORS, Keyspace.SLOTS, "e1"));
    state.revokeLease(la);
    other.revokeLease(lb);
  }

  @Test
  void rejectsInvalidNamespaces() {
    assertThrows(IllegalArgumentException.class, () -> open("a/b"));
    assertThrows(IllegalArgumentException.class, () -> open(""));
  }
}
