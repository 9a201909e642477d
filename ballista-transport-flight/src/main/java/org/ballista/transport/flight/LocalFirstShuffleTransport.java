package org.ballista.transport.flight;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

/**
 * Reads shuffle files this executor wrote straight from its work dir, and the others through a
 * remote transport. {@code forceRemote} sends every fetch through the remote transport (to test
 * the network path on one host). Thread-safe.
 */
public final class LocalFirstShuffleTransport implements ShuffleTransport {
  private final String localExecutorId;
  private final Path workDir;
  private final boolean forceRemote;
  private final ShuffleTransport remote;
  private final LongAdder localBytesRead = new LongAdder();
  private final LongAdder localFetches = new LongAdder();

  /**
   * @param localExecutorId the id of this executor; locations with this executor id are local
   * @param workDir this executor's work dir, against which local paths are resolved
   * @param forceRemote whether to fetch local files through {@code remote} too
   * @param remote the transport for other executors' files; closed with this one
   */
  public LocalFirstShuffleTransport(String localExecutorId, Path workDir, boolean forceRemote,
      ShuffleTransport remote) {
    this.localExecutorId = Objects.requireNonNull(localExecutorId, "localExecutorId");
    this.workDir = workDir.toAbsolutePath().normalize();
    this.forceRemote = forceRemote;
    this.remote = Objects.requireNonNull(remote, "remote");
  }

  @Override
  public BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(context, "context");
    if (forceRemote || !localExecutorId.equals(location.executorId())) {
      return remote.fetch(location, schema, context);
    }
    context.checkCancelled();
    Path file;
    try {
      file = WorkDirPaths.resolve(workDir, location.path());
    } catch (IllegalArgumentException e) {
      throw new BallistaException(BallistaException.Kind.INTERNAL, "invalid local shuffle location: " + e.getMessage(),
          e);
    }
    localFetches.increment();
    return new LocalFileStream(file, location.path(), schema, context, localBytesRead);
  }

  /** Arrow buffer bytes read from local files so far. */
  public long localBytesRead() {
    return localBytesRead.sum();
  }

  /** Fetches served from local files so far. */
  public long localFetches() {
    return localFetches.sum();
  }

  public ShuffleTransport remote() {
    return remote;
  }

  @Override
  public void close() {
    remote.close();
  }
}
