package org.ballista.transport.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Flight on loopback: a {@link FlightShuffleServer} and the transports reading from it. */
class FlightShuffleTransportTest {
  private static final String HOST = "127.0.0.1";
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @TempDir Path workDir;

  private BufferAllocator root;
  private BufferAllocator taskAllocator;
  private TaskContext context;
  private FlightShuffleServer server;
  private FlightShuffleTransport transport;

  @BeforeEach
  void start() {
    root = new RootAllocator();
    taskAllocator = root.newChildAllocator("task", 0, Long.MAX_VALUE);
    context = new TaskContext(taskAllocator, SessionConfig.defaults());
    server = FlightShuffleServer.start(root, workDir, HOST, 0);
    transport = new FlightShuffleTransport(root, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
    taskAllocator.close();
    root.close(); // throws if anything leaked
  }

  private ShuffleLocation location(String executorId, String path, ShuffleFiles.Written written) {
    return new ShuffleLocation(executorId, HOST, server.port(), path, written.rows(), written.bytes());
  }

  private ShuffleLocation location(String path) {
    return new ShuffleLocation("exec-1", HOST, server.port(), path, 0, 0);
  }

  private ShuffleFiles.Written write(String path, int... batchSizes) throws Exception {
    return ShuffleFiles.write(root, workDir.resolve(path), batchSizes);
  }

  @Test
  void remoteFetchReturnsEveryValueAndCountsBytes() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 1000, 0, 37, 4096);
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
      assertEquals(ShuffleFiles.SCHEMA, stream.schema());
      ShuffleFiles.readAndVerify(stream, written);
      assertNull(stream.next(), "stays exhausted");
    }
    assertTrue(written.bytes() > 0);
    assertEquals(written.bytes(), transport.bytesFetched());
    assertEquals(written.bytes(), server.bytesServed());
    assertEquals(4, transport.batchesFetched());
    assertEquals(4, server.batchesServed());
    assertEquals(0, taskAllocator.getAllocatedMemory(), "every batch was closed");
  }

  @Test
  void batchesStayValidAfterLaterNextCalls() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 300, 200, 100);
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
      VectorSchemaRoot batch;
      while ((batch = stream.next()) != null) {
        batches.add(batch);
      }
    }
    try {
      assertEquals(List.of(300, 200, 100), batches.stream().map(VectorSchemaRoot::getRowCount).toList());
      ShuffleFiles.verify(batches.get(0), 0);
      ShuffleFiles.verify(batches.get(1), 300);
      ShuffleFiles.verify(batches.get(2), 500);
      assertTrue(taskAllocator.getAllocatedMemory() > 0, "the batches live in the task's allocator");
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  @Test
  void emptyFileYieldsNoBatches() throws Exception {
    String path = "job1/2/3/data-1-0.arrow";
    ShuffleFiles.Written written = write(path);
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
      assertNull(stream.next());
      assertEquals(ShuffleFiles.SCHEMA, stream.schema());
    }
    assertEquals(0, transport.bytesFetched());
    // the server counts the stream once its completion callback has run, just after the client saw the end
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.streamsCompleted() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, server.streamsCompleted());
  }

  @Test
  void batchesCarryTheExpectedNames() throws Exception {
    String path = "job1/1/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 10);
    Schema renamed = new Schema(ShuffleFiles.SCHEMA.getFields().stream()
        .map(f -> new Field("x_" + f.getName(), f.getFieldType(), f.getChildren())).collect(Collectors.toList()));
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), renamed, context);
         VectorSchemaRoot batch = stream.next()) {
      assertEquals(renamed, batch.getSchema());
      ShuffleFiles.verify(batch, 0);
      assertNull(stream.next());
    }
  }

  @Test
  void taskAllocatorUnderAnotherRootGetsCopies() throws Exception {
    String path = "job1/1/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 500, 0, 77);
    try (BufferAllocator otherRoot = new RootAllocator()) {
      TaskContext other = new TaskContext(otherRoot, SessionConfig.defaults());
      try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, other)) {
        ShuffleFiles.readAndVerify(stream, written);
      }
    }
    assertEquals(written.bytes(), transport.bytesFetched());
  }

  @Test
  void schemaMismatchIsReported() throws Exception {
    String path = "job1/1/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 10);
    Schema wrong = new Schema(List.of(Field.nullable("a", DataType.INT64.toArrow())));
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), wrong, context)) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.INTERNAL, e.kind());
      assertTrue(e.getMessage().contains(path) && e.getMessage().contains("expected 1 columns"), e.getMessage());
    }
  }

  @Test
  void localFirstReadsOwnFilesFromDisk() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 1000, 0, 37);
    try (LocalFirstShuffleTransport local = new LocalFirstShuffleTransport("exec-1", workDir, false, transport)) {
      // a location whose server is not reachable: only the disk can serve it
      ShuffleLocation unreachable = new ShuffleLocation("exec-1", HOST, 1, path, written.rows(), written.bytes());
      try (BatchStream stream = local.fetch(unreachable, ShuffleFiles.SCHEMA, context)) {
        ShuffleFiles.readAndVerify(stream, written);
      }
      assertEquals(written.bytes(), local.localBytesRead());
      assertEquals(1, local.localFetches());
      assertEquals(0, transport.bytesFetched());
      assertEquals(0, server.bytesServed());
    }
  }

  @Test
  void localFirstSendsOtherExecutorsFilesThroughFlight() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 100, 50);
    try (LocalFirstShuffleTransport local = new LocalFirstShuffleTransport("exec-1", workDir, false, transport)) {
      try (BatchStream stream = local.fetch(location("exec-2", path, written), ShuffleFiles.SCHEMA, context)) {
        ShuffleFiles.readAndVerify(stream, written);
      }
      assertEquals(0, local.localFetches());
      assertEquals(written.bytes(), server.bytesServed());
    }
  }

  @Test
  void forceRemoteReadsOwnFilesThroughFlight() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 100, 0, 50);
    try (LocalFirstShuffleTransport local = new LocalFirstShuffleTransport("exec-1", workDir, true, transport)) {
      try (BatchStream stream = local.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
        ShuffleFiles.readAndVerify(stream, written);
      }
      assertEquals(0, local.localFetches());
      assertEquals(0, local.localBytesRead());
      assertEquals(written.bytes(), transport.bytesFetched());
      assertEquals(written.bytes(), server.bytesServed());
    }
  }

  @Test
  void missingRemoteFileIsIoErrorNamingPathAndAddress() {
    String path = "job9/1/0/data-0-0.arrow";
    try (BatchStream stream = transport.fetch(location(path), ShuffleFiles.SCHEMA, context)) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(path), e.getMessage());
      assertTrue(e.getMessage().contains(HOST + ":" + server.port()), e.getMessage());
      assertTrue(e.getMessage().contains("NOT_FOUND"), e.getMessage());
    }
  }

  @Test
  void missingLocalFileIsIoErrorNamingPath() {
    String path = "job9/1/0/data-0-0.arrow";
    try (LocalFirstShuffleTransport local = new LocalFirstShuffleTransport("exec-1", workDir, false, transport);
         BatchStream stream = local.fetch(location(path), ShuffleFiles.SCHEMA, context)) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(path), e.getMessage());
    }
  }

  @Test
  void ticketsLeavingTheWorkDirAreRejected() throws Exception {
    Path outside = Files.createTempFile("outside", ".arrow");
    try {
      Files.createDirectories(workDir.resolve("job1"));
      Files.createSymbolicLink(workDir.resolve("job1/link.arrow"), outside);
      try (FlightClient client = FlightClient.builder(root, Location.forGrpcInsecure(HOST, server.port())).build()) {
        for (String ticket : List.of("../x.arrow", "job1/../../x.arrow", outside.toString(), "", "job1/link.arrow")) {
          try (FlightStream stream = client.getStream(new Ticket(ticket.getBytes(StandardCharsets.UTF_8)))) {
            FlightRuntimeException e = assertThrows(FlightRuntimeException.class, stream::next, ticket);
            assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code(), ticket);
          }
        }
      }
      try (BatchStream stream = transport.fetch(location("../../etc/passwd"), ShuffleFiles.SCHEMA, context)) {
        BallistaException e = assertThrows(BallistaException.class, stream::next);
        assertEquals(BallistaException.Kind.INTERNAL, e.kind());
        assertTrue(e.getMessage().contains("INVALID_ARGUMENT") && e.getMessage().contains("../../etc/passwd"),
            e.getMessage());
      }
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void closedServerIsIoErrorNamingAddressWithoutHanging() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 10);
    ShuffleLocation loc = location("exec-1", path, written);
    try (BatchStream stream = transport.fetch(loc, ShuffleFiles.SCHEMA, context)) {
      ShuffleFiles.readAndVerify(stream, written); // the client is now cached and connected
    }
    server.close();
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int attempt = 0; attempt < 2; attempt++) {
        try (BatchStream stream = transport.fetch(loc, ShuffleFiles.SCHEMA, context)) {
          BallistaException e = assertThrows(BallistaException.class, stream::next);
          assertEquals(BallistaException.Kind.IO, e.kind());
          assertTrue(e.getMessage().contains(HOST + ":" + loc.port()), e.getMessage());
          assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
        }
      }
    });
    assertEquals(0, transport.cachedClients(), "the failed connection is not kept");
  }

  @Test
  void serverClosingMidStreamIsIoErrorAfterTheBatchesAlreadyReceived() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = ShuffleFiles.writeRepeated(root, workDir.resolve(path), 8192, 64);
    ShuffleLocation loc = location("exec-1", path, written);
    assertTimeoutPreemptively(LIMIT, () -> {
      Thread closer = new Thread(server::close, "closer");
      try (BatchStream stream = transport.fetch(loc, ShuffleFiles.SCHEMA, context)) {
        int received = 0;
        BallistaException failure = null;
        try {
          VectorSchemaRoot batch;
          while ((batch = stream.next()) != null) {
            try (VectorSchemaRoot b = batch) {
              ShuffleFiles.verify(b, 0);
            }
            if (++received == 1) {
              closer.start(); // the server goes away while the client keeps reading, slowly
            }
            Thread.sleep(2);
          }
        } catch (BallistaException e) {
          failure = e;
        }
        assertNotNull(failure, "the stream must not end normally: received " + received + " of 64");
        assertTrue(received < 64);
        assertEquals(BallistaException.Kind.IO, failure.kind());
        assertTrue(failure.getMessage().contains(HOST + ":" + loc.port()) && failure.getMessage().contains(path),
            failure.getMessage());
      }
      closer.join();
    });
    assertEquals(1, server.streamsCancelled());
    assertEquals(0, server.activeStreams());
  }

  @Test
  void serverNeverStartedIsIoError() {
    ShuffleLocation nowhere = new ShuffleLocation("exec-2", HOST, 1, "job1/1/0/data-0-0.arrow", 0, 0);
    assertTimeoutPreemptively(LIMIT, () -> {
      try (BatchStream stream = transport.fetch(nowhere, ShuffleFiles.SCHEMA, context)) {
        BallistaException e = assertThrows(BallistaException.class, stream::next);
        assertEquals(BallistaException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains(HOST + ":1") && e.getMessage().contains("job1/1/0/data-0-0.arrow"),
            e.getMessage());
      }
    });
  }

  @Test
  void earlyCloseCancelsTheStreamAndLeaksNothing() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    // ~36 MB: more than gRPC's flow-control windows and socket buffers hold
    ShuffleFiles.Written written = ShuffleFiles.writeRepeated(root, workDir.resolve(path), 8192, 64);
    assertTimeoutPreemptively(LIMIT, () -> {
      try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
        for (int i = 0; i < 2; i++) {
          try (VectorSchemaRoot batch = stream.next()) {
            ShuffleFiles.verify(batch, 0);
          }
        }
      }
      assertEquals(0, taskAllocator.getAllocatedMemory());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.streamsCancelled() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, server.streamsCancelled(), "the server stopped reading the file");
      assertEquals(0, server.streamsCompleted());
      assertEquals(0, server.activeStreams());
      assertTrue(server.batchesServed() < 64, "served " + server.batchesServed());
    });
    // the connection stays usable
    String small = "job1/2/1/data-0-0.arrow";
    ShuffleFiles.Written smallWritten = write(small, 5);
    try (BatchStream stream = transport.fetch(location("exec-1", small, smallWritten), ShuffleFiles.SCHEMA, context)) {
      ShuffleFiles.readAndVerify(stream, smallWritten);
    }
  }

  @Test
  void closingBeforeReadingCancels() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 100);
    assertTimeoutPreemptively(LIMIT, () -> {
      transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context).close();
      // the server may or may not have started the call before the cancel reached it
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.activeStreams() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, server.activeStreams());
    });
    assertEquals(0, taskAllocator.getAllocatedMemory());
  }

  @Test
  void cancelledTaskStopsTheFetch() throws Exception {
    String path = "job1/2/0/data-0-0.arrow";
    ShuffleFiles.Written written = write(path, 100, 100);
    try (BatchStream stream = transport.fetch(location("exec-1", path, written), ShuffleFiles.SCHEMA, context)) {
      stream.next().close();
      context.cancel();
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.CANCELLED, e.kind());
    }
  }

  @Test
  void fourThreadsFetchConcurrently() throws Exception {
    int files = 8;
    List<ShuffleFiles.Written> written = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      written.add(write("job1/2/" + f + "/data-0-0.arrow", 700 + f * 13, 0, 1500, 3));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        for (int f = 0; f < files; f++) {
          int file = f;
          work.add(() -> {
            BufferAllocator mine = root.newChildAllocator("task-" + file, 0, Long.MAX_VALUE);
            try (mine; BatchStream stream = transport.fetch(location("exec-1", "job1/2/" + file + "/data-0-0.arrow",
                written.get(file)), ShuffleFiles.SCHEMA, new TaskContext(mine, SessionConfig.defaults()))) {
              ShuffleFiles.readAndVerify(stream, written.get(file));
            }
            return null;
          });
        }
      }
      for (Future<Void> done : pool.invokeAll(work, LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        done.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long total = written.stream().mapToLong(ShuffleFiles.Written::bytes).sum() * 4;
    assertEquals(total, transport.bytesFetched());
    assertEquals(total, server.bytesServed());
    assertEquals(1, transport.cachedClients(), "one client per address");
  }

  @Test
  void removeJobDeletesTheJobDirectory() throws Exception {
    write("job1/1/0/data-0-0.arrow", 3);
    write("job1/2/5/data-1-2.arrow", 3);
    write("job2/1/0/data-0-0.arrow", 3);
    assertEquals(2, transport.removeJob(HOST, server.port(), "job1"));
    assertFalse(Files.exists(workDir.resolve("job1")));
    assertTrue(Files.exists(workDir.resolve("job2/1/0/data-0-0.arrow")));
    assertEquals(0, transport.removeJob(HOST, server.port(), "job1"), "idempotent");
    BallistaException e = assertThrows(BallistaException.class, () -> transport.removeJob(HOST, server.port(), ".."));
    assertTrue(e.getMessage().contains("INVALID_ARGUMENT"), e.getMessage());
    assertTrue(Files.exists(workDir), "the work dir itself is never removed");
  }

  @Test
  void fetchAfterCloseFails() {
    transport.close();
    BallistaException e = assertThrows(BallistaException.class,
        () -> transport.fetch(location("job1/1/0/x.arrow"), ShuffleFiles.SCHEMA, context));
    assertEquals(BallistaException.Kind.INTERNAL, e.kind());
    assertNotNull(e.getMessage());
  }
}
