package org.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C (a SIGINT raised on the shell's terminal) while a statement runs cancels its query on the
 * real local engine: the shell prints "Query cancelled." and the next statement works.
 */
class InteractiveShellCancelTest {
  private static final String LONG_QUERY = "select count(*) from a, b where a.v + b.v < 0;\n";

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  /** A local session with two in-memory tables a and b of 20k BIGINT rows {@code v = 0..19999}. */
  private static SessionContext session(SessionConfig config) {
    SessionContext ctx = SessionContext.local(config.withTargetPartitions(2).withBatchSize(1024));
    Schema schema = new Schema(List.of(Field.notNullable("v", new ArrowType.Int(64, true))));
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (int start = 0; start < 20_000; start += 1024) {
        int rows = Math.min(1024, 20_000 - start);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        BigIntVector v = (BigIntVector) batch.getVector(0);
        v.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
          v.set(i, start + i);
        }
        batch.setRowCount(rows);
        batches.add(batch);
      }
      ctx.registerBatches("a", schema, batches);
      ctx.registerBatches("b", schema, batches);
      batches.forEach(VectorSchemaRoot::close);
    }
    return ctx;
  }

  private static void await(BooleanSupplier condition, long millis, String what) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ctrlCWhileAQueryRunsCancelsItAndThePromptContinues() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream keyboard = new PipedInputStream(keys, 1 << 16);
    AtomicReference<Terminal> terminal = new AtomicReference<>();
    AtomicReference<SessionContext> session = new AtomicReference<>();
    CliIo io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8), () -> {
          Terminal t = new DumbTerminal("test", "dumb", keyboard, new ByteArrayOutputStream(), StandardCharsets.UTF_8);
          terminal.set(t);
          return t;
        }, Map.of(), null);
    CompletableFuture<Integer> status = new CompletableFuture<>();
    Thread shell = new Thread(() -> {
      try {
        status.complete(new BallistaCli(config -> {
          session.set(session(config));
          return session.get();
        }, io).run("--format", "csv"));
      } catch (Throwable e) {
        status.completeExceptionally(e);
      }
    }, "shell");
    shell.start();
    try {
      type(keys, LONG_QUERY);
      // the query runs once its allocator exists under the session's
      await(() -> session.get() != null && !session.get().allocator().getChildAllocators().isEmpty(), 30_000,
          "the query runs");
      Thread.sleep(200);
      long pressed = System.nanoTime();
      terminal.get().raise(Terminal.Signal.INT);
      await(() -> err().contains(InteractiveShell.CANCELLED_MESSAGE), 2_000, "the shell reports the cancel");
      long reportedMillis = (System.nanoTime() - pressed) / 1_000_000;
      assertTrue(reportedMillis < 1_000, "reported " + reportedMillis + " ms after Ctrl-C");
      assertEquals(InteractiveShell.CANCELLED_MESSAGE + System.lineSeparator(), err());
      assertTrue(session.get().allocator().getChildAllocators().isEmpty(), "the query's memory is freed");
      assertEquals("", out());

      type(keys, "select count(*) as n from a where v < 10;\n");
      await(() -> out().equals("n\n10\n"), 10_000, "the next statement printed its result: " + out());
      type(keys, "\\q\n");
      assertEquals(0, status.get(10, TimeUnit.SECONDS), err());
      assertEquals(InteractiveShell.CANCELLED_MESSAGE + System.lineSeparator(), err());
    } finally {
      keys.close();
      shell.join(10_000);
      assertFalse(shell.isAlive());
    }
  }

  @Test
  void ctrlCWithNoStatementRunningDoesNothing() {
    // at the prompt JLine's own handler is installed (it drops the line being typed); between lines
    // the shell's handler sees no running statement and leaves the session alone
    FakeSession fake = new FakeSession(SessionConfig.defaults()); // it cannot cancel: calling it would fail
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    StatementExecutor executor = new StatementExecutor(fake, OutputSettings.of(org.ballista.runtime.format.OutputFormat.TABLE, null, false), true, out, err);
    InteractiveShell shell = new InteractiveShell(null, null, fake, executor, new ErrorReporter(err, false), out);
    assertFalse(shell.interrupt());
    assertFalse(shell.statementRunning());
    assertEquals("", err());
    fake.close();
  }

  private static void type(PipedOutputStream keys, String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }
}
