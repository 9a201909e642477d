package org.ballista.runtime.shuffle;

import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;

/**
 * Reads one shuffle file, wherever it is: {@link LocalFileFetcher} from the local disk, a Flight
 * client from a remote executor. Implementations must be thread-safe (one fetcher serves all
 * partitions of a reader).
 *
 * <p>The returned stream yields the file's batches in order with {@code schema} (field names and
 * nullability as given; the stored types must match), each owned by the caller and allocated from
 * {@code context}'s allocator; closing it early releases the file or connection.
 *
 * <p>A missing, unreadable or corrupt file fails — from {@code fetch} or from the stream's
 * {@code next()} — with a {@link org.ballista.api.BallistaException} of kind {@code IO} whose message
 * names the location: the scheduler treats it as a fetch failure and re-runs the producing stage.
 * A file whose column types differ from {@code schema} is an {@code INTERNAL} error (a plan bug that a
 * retry would not fix).
 */
public interface ShuffleFetcher {
  BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context);
}
