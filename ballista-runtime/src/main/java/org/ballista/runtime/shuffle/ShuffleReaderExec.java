package org.ballista.runtime.shuffle;

import org.ballista.api.BallistaException;
import org.ballista.api.shuffle.ShuffleFetchException;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * The leaf of a reduce stage: partition {@code p} reads, one after the other in list order, every
 * shuffle file in {@code partitionLocations.get(p)} through {@code fetcher} (local disk or remote).
 * Only one file per partition is open at a time: the next location is fetched when the previous one
 * is exhausted, and {@code close()} closes the open one. An empty location list is an empty
 * partition. Fetch failures propagate as the fetcher reports them (IO, naming the file).
 */
public final class ShuffleReaderExec implements ExecutionPlan {
  private final Schema schema;
  private final List<List<ShuffleLocation>> partitionLocations;
  private final ShuffleTransport fetcher;
  private final Partitioning partitioning;

  public ShuffleReaderExec(Schema schema, List<List<ShuffleLocation>> partitionLocations, ShuffleTransport fetcher) {
    this(schema, partitionLocations, fetcher, new Partitioning.Unknown(partitionLocations.size()));
  }

  /**
   * As above, declaring how the rows are partitioned (e.g. the producing stage's
   * {@code Partitioning.Hash}); its partition count must be the number of location lists.
   */
  public ShuffleReaderExec(Schema schema, List<List<ShuffleLocation>> partitionLocations, ShuffleTransport fetcher,
      Partitioning partitioning) {
    this.schema = Objects.requireNonNull(schema, "schema");
    List<List<ShuffleLocation>> copy = new ArrayList<>(partitionLocations.size());
    for (List<ShuffleLocation> l : partitionLocations) {
      copy.add(List.copyOf(l));
    }
    this.partitionLocations = List.copyOf(copy);
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
    if (this.partitionLocations.isEmpty()) {
      throw new IllegalArgumentException("a shuffle reader needs at least one partition");
    }
    if (partitioning.partitionCount() != this.partitionLocations.size()) {
      throw new IllegalArgumentException("partitioning has " + partitioning.partitionCount() + " partitions but "
          + this.partitionLocations.size() + " location lists were given");
    }
  }

  public List<List<ShuffleLocation>> partitionLocations() {
    return partitionLocations;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitioning;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    Objects.checkIndex(partition, partitionLocations.size());
    return new ReaderStream(partitionLocations.get(partition), context);
  }

  @Override
  public String describe() {
    long files = 0;
    long rows = 0;
    for (List<ShuffleLocation> l : partitionLocations) {
      files += l.size();
      for (ShuffleLocation loc : l) {
        rows += loc.numRows();
      }
    }
    return "ShuffleReaderExec: partitions=" + partitionLocations.size() + " files=" + files + " rows=" + rows;
  }

  /** An I/O failure reading {@code location} means its outputs are lost (the scheduler recomputes them). */
  private static BallistaException asFetchFailure(ShuffleLocation location, BallistaException e) {
    if (e.kind() != BallistaException.Kind.IO || e instanceof ShuffleFetchException) {
      return e;
    }
    return new ShuffleFetchException(location, e);
  }

  private final class ReaderStream implements BatchStream {
    private final List<ShuffleLocation> locations;
    private final TaskContext context;
    private int nextLocation;
    private BatchStream current;
    private ShuffleLocation currentLocation;
    private boolean closed;

    ReaderStream(List<ShuffleLocation> locations, TaskContext context) {
      this.locations = locations;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public VectorSchemaRoot next() {
      while (!closed) {
        if (current == null) {
          if (nextLocation >= locations.size()) {
            return null;
          }
          context.checkCancelled();
          ShuffleLocation location = locations.get(nextLocation++);
          currentLocation = location;
          try {
            current = fetcher.fetch(location, schema, context);
          } catch (BallistaException e) {
            throw asFetchFailure(location, e);
          }
        }
        VectorSchemaRoot batch;
        try {
          batch = current.next();
        } catch (BallistaException e) {
          throw asFetchFailure(currentLocation, e);
        }
        if (batch != null) {
          return batch;
        }
        BatchStream done = current;
        current = null;
        done.close();
      }
      return null;
    }

    @Override
    public void close() {
      closed = true;
      BatchStream c = current;
      current = null;
      if (c != null) {
        c.close();
      }
    }
  }
}
