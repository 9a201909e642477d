package org.ballista.transport.flight;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one Arrow IPC file on one {@code doGet} call, driven by gRPC flow control: each {@link
 * #pump} sends batches while the call is ready and returns when it is not; gRPC then calls {@code
 * onReady}, which pumps again. No thread waits for a slow client. Cancellation (or {@link #abort})
 * closes the file and the call's allocator at once. gRPC runs a call's callbacks one at a time;
 * the lock only guards against {@link #abort} from the closing server.
 */
final class FileStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(FileStreamer.class);

  /** What the streamer reports to its producer. */
  interface Events {
    void batchSent(long bytes);

    void finished(FileStreamer streamer, boolean completed, boolean cancelled);
  }

  private final ServerStreamListener listener;
  private final String relative;
  private final BufferAllocator allocator;
  private final ArrowFileReader reader;
  private final Events events;
  private VectorSchemaRoot root;
  private boolean done;

  private FileStreamer(ServerStreamListener listener, String relative, BufferAllocator allocator,
      ArrowFileReader reader, Events events) {
    this.listener = listener;
    this.relative = relative;
    this.allocator = allocator;
    this.reader = reader;
    this.events = events;
  }

  /**
   * Opens the file (with a child of {@code parent}) and starts streaming it.
   *
   * @throws IOException if the file cannot be opened or is not an Arrow IPC file; nothing stays open
   */
  static FileStreamer open(ServerStreamListener listener, Path file, String relative, BufferAllocator parent,
      Events events) throws IOException {
    BufferAllocator allocator = parent.newChildAllocator("doGet " + relative, 0, Long.MAX_VALUE);
    ArrowFileReader reader = null;
    try {
      reader = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator);
      return new FileStreamer(listener, relative, allocator, reader, events);
    } catch (IOException | RuntimeException e) {
      closeAll(e, reader, allocator);
      throw e;
    }
  }

  /** Sends the schema and the first batches; the rest follow on gRPC's readiness callbacks. */
  synchronized void start() throws IOException {
    root = reader.getVectorSchemaRoot();
    listener.setOnReadyHandler(this::pump);
    listener.setOnCancelHandler(this::cancelled);
    listener.start(root);
    pump();
  }

  /** Sends batches while the call is ready. */
  synchronized void pump() {
    if (done) {
      return;
    }
    try {
      while (listener.isReady()) {
        if (listener.isCancelled()) {
          finish(false, true);
          return;
        }
        if (!reader.loadNextBatch()) {
          listener.completed();
          finish(true, false);
          return;
        }
        // putNext hands gRPC a copy of the buffers before returning, so the root can be reloaded
        listener.putNext();
        events.batchSent(BatchTransfer.bufferBytes(root));
      }
    } catch (Exception e) {
      boolean cancelled = listener.isCancelled();
      if (!cancelled) {
        LOG.warn("doGet {} failed", relative, e);
        listener.error(CallStatus.INTERNAL.withDescription("cannot serve shuffle file " + relative + ": " + e)
            .withCause(e).toRuntimeException());
      }
      finish(false, cancelled);
    }
  }

  private synchronized void cancelled() {
    if (!done) {
      LOG.debug("doGet {} cancelled by the client", relative);
      finish(false, true);
    }
  }

  /** Ends the stream from outside (server shutdown): fails the call if it is live, releases all. */
  void abort() {
    fail(CallStatus.UNAVAILABLE.withDescription("shuffle server closing"), true);
  }

  /** Fails the call with {@code status} unless it already ended, and releases everything. */
  synchronized void fail(CallStatus status, boolean countAsCancelled) {
    if (done) {
      return;
    }
    try {
      listener.error(status.toRuntimeException());
    } catch (RuntimeException e) {
      LOG.debug("doGet {}: failing the call failed: {}", relative, e.toString());
    }
    finish(false, countAsCancelled);
  }

  private void finish(boolean completed, boolean cancelled) {
    done = true;
    try {
      AutoCloseables.close(reader, allocator);
    } catch (Exception e) {
      LOG.warn("doGet {}: closing the file failed", relative, e);
    }
    events.finished(this, completed, cancelled);
  }

  private static void closeAll(Throwable primary, AutoCloseable... closeables) {
    try {
      AutoCloseables.close(closeables);
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
