package org.ballista.transport.flight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight producer of a {@link FlightShuffleServer}: {@code doGet} streams one Arrow IPC file of
 * the work dir (the ticket is its path relative to the work dir, UTF-8), {@code doAction
 * remove_job} deletes one job's directory. Calls run on gRPC's executor threads, concurrently;
 * {@code doGet} returns at once and streams on gRPC's readiness callbacks ({@link FileStreamer}).
 */
final class ShuffleFlightProducer extends NoOpFlightProducer {
  private static final Logger LOG = LoggerFactory.getLogger(ShuffleFlightProducer.class);

  private final BufferAllocator allocator;
  private final Path workDir;
  private final Set<FileStreamer> active = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder batchesServed = new LongAdder();
  private final LongAdder streamsCompleted = new LongAdder();
  private final LongAdder streamsCancelled = new LongAdder();

  /**
   * @param allocator the allocator file reads draw from (one child per call), owned by the caller
   * @param workDir the directory whose files are served
   */
  ShuffleFlightProducer(BufferAllocator allocator, Path workDir) {
    this.allocator = allocator;
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  private final FileStreamer.Events events = new FileStreamer.Events() {
    @Override
    public void batchSent(long bytes) {
      bytesServed.add(bytes);
      batchesServed.increment();
    }

    @Override
    public void finished(FileStreamer streamer, boolean completed, boolean cancelled) {
      active.remove(streamer);
      if (completed) {
        streamsCompleted.increment();
      } else if (cancelled) {
        streamsCancelled.increment();
      }
    }
  };

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    String relative;
    try {
      relative = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(ticket.getBytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("ticket is not a UTF-8 shuffle path ("
          + ticket.getBytes().length + " bytes)").toRuntimeException());
      return;
    }
    Path file;
    try {
      file = WorkDirPaths.resolve(workDir, relative);
      if (!Files.isRegularFile(file)) {
        listener.error(notFound(relative));
        return;
      }
      WorkDirPaths.checkRealPathInside(workDir, file, relative);
    } catch (IllegalArgumentException e) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
      return;
    } catch (IOException e) {
      listener.error(notFound(relative));
      return;
    }
    FileStreamer streamer;
    try {
      streamer = FileStreamer.open(listener, file, relative, allocator, events);
    } catch (NoSuchFileException e) {
      listener.error(notFound(relative));
      return;
    } catch (IOException | RuntimeException e) {
      listener.error(CallStatus.INTERNAL.withDescription("cannot open shuffle file " + relative + ": " + e)
          .toRuntimeException());
      return;
    }
    active.add(streamer);
    if (closed) {
      streamer.abort();
      return;
    }
    try {
      streamer.start();
    } catch (IOException | RuntimeException e) {
      LOG.warn("doGet {} failed to start", relative, e);
      streamer.fail(CallStatus.INTERNAL.withDescription("cannot serve shuffle file " + relative + ": " + e), false);
    }
  }

  private static RuntimeException notFound(String relative) {
    return CallStatus.NOT_FOUND.withDescription("shuffle file not found: " + relative).toRuntimeException();
  }

  /** Ends the streams still running (after the gRPC server stopped) and releases their files. */
  void closeStreams() {
    closed = true;
    for (FileStreamer streamer : active) {
      streamer.abort();
    }
  }

  /** Streams started and not yet finished. */
  int activeStreams() {
    return active.size();
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    if (!FlightShuffleServer.REMOVE_JOB.equals(action.getType())) {
      listener.onError(CallStatus.UNIMPLEMENTED.withDescription("unknown action: " + action.getType())
          .toRuntimeException());
      return;
    }
    String jobId = new String(action.getBody(), StandardCharsets.UTF_8);
    if (!WorkDirPaths.isPlainSegment(jobId)) {
      listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("invalid job id for remove_job: '" + jobId + "'")
          .toRuntimeException());
      return;
    }
    try {
      long removed = deleteRecursively(workDir.resolve(jobId));
      LOG.debug("remove_job {}: {} files removed", jobId, removed);
      listener.onNext(new Result(Long.toString(removed).getBytes(StandardCharsets.UTF_8)));
      listener.onCompleted();
    } catch (IOException | UncheckedIOException e) {
      listener.onError(CallStatus.INTERNAL.withDescription("cannot remove job " + jobId + ": " + e).withCause(e)
          .toRuntimeException());
    }
  }

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    listener.onNext(new ActionType(FlightShuffleServer.REMOVE_JOB,
        "delete the shuffle files of one job (body: the job id, UTF-8); returns the number of files removed"));
    listener.onCompleted();
  }

  /** Deletes a directory tree (without following links); returns the number of files removed. */
  private static long deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long[] files = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        files[0]++;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
    return files[0];
  }

  long bytesServed() {
    return bytesServed.sum();
  }

  long batchesServed() {
    return batchesServed.sum();
  }

  long streamsCompleted() {
    return streamsCompleted.sum();
  }

  long streamsCancelled() {
    return streamsCancelled.sum();
  }
}
