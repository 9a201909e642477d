package org.ballista.transport.flight;

import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.shuffle.ShuffleLocation;

/**
 * The batches of one Flight {@code doGet}. The Flight stream refills one root per message; each
 * batch is moved out of it into a new root of the task's allocator, which the caller owns.
 * Closing before the end cancels the call. Single consumer.
 */
final class FlightFetchStream implements BatchStream {
  private final FlightStream stream;
  private final ShuffleLocation location;
  private final Schema schema;
  private final TaskContext context;
  private final FlightShuffleTransport transport;
  private final FlightShuffleTransport.CachedClient client;
  private boolean schemaChecked;
  private boolean exhausted;
  private boolean closed;
  private long bytes;

  FlightFetchStream(FlightStream stream, ShuffleLocation location, Schema schema, TaskContext context,
      FlightShuffleTransport transport, FlightShuffleTransport.CachedClient client) {
    this.stream = stream;
    this.location = location;
    this.schema = schema;
    this.context = context;
    this.transport = transport;
    this.client = client;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      throw new IllegalStateException("fetch stream of " + location.path() + " is closed");
    }
    if (exhausted) {
      return null;
    }
    context.checkCancelled();
    try {
      if (!schemaChecked) {
        String mismatch = BatchTransfer.mismatch(schema, stream.getSchema());
        if (mismatch != null) {
          throw new BallistaException(BallistaException.Kind.INTERNAL, "shuffle file " + location.path() + " from "
              + location.address() + ": " + mismatch);
        }
        schemaChecked = true;
      }
      if (!stream.next()) {
        exhausted = true;
        return null;
      }
      VectorSchemaRoot received = stream.getRoot();
      long batchBytes = BatchTransfer.bufferBytes(received);
      VectorSchemaRoot batch = BatchTransfer.take(received, schema, context.allocator());
      bytes += batchBytes;
      transport.recordBatch(batchBytes);
      return batch;
    } catch (RuntimeException e) {
      throw transport.failure(location, e, client);
    }
  }

  /** Arrow buffer bytes received by this stream so far. */
  long bytesRead() {
    return bytes;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!exhausted) {
        stream.cancel("shuffle fetch closed before its end", null);
      }
      stream.close();
    } catch (Exception e) {
      // a cancelled call ends with a CANCELLED status while draining: expected, nothing leaks
      if (exhausted) {
        throw new BallistaException(BallistaException.Kind.IO, "closing the fetch of " + location.path() + " from "
            + location.address() + " failed: " + e, e);
      }
    } finally {
      client.release();
    }
  }
}
