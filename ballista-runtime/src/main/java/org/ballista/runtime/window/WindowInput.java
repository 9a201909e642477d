package org.ballista.runtime.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.BallistaException;
import org.ballista.runtime.vector.VectorTake;

/**
 * The buffered input batches of one partition of a window operator, in input order. Rows get
 * consecutive global ids in the order batches are added. Owns the batches (closed by {@link
 * #close()}). Not thread-safe.
 */
final class WindowInput implements AutoCloseable {
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  /** {@code starts[b]} is the global id of batch b's first row; {@code starts[batchCount]} the row count. */
  private int[] starts = new int[17];
  private int rowCount;

  /** Takes ownership of {@code batch} (closed on failure too); empty batches are closed and not kept. */
  void add(VectorSchemaRoot batch) {
    try {
      int rows = batch.getRowCount();
      if (rows == 0) {
        batch.close();
        return;
      }
      if ((long) rowCount + rows > Integer.MAX_VALUE - 16) {
        throw BallistaException.unsupported("window input partition exceeds 2^31 rows");
      }
      if (batches.size() + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      batches.add(batch);
      rowCount += rows;
      starts[batches.size()] = rowCount;
    } catch (RuntimeException | Error e) {
      batch.close();
      throw e;
    }
  }

  int rowCount() {
    return rowCount;
  }

  List<VectorSchemaRoot> batches() {
    return batches;
  }

  int batchCount() {
    return batches.size();
  }

  /** The batch holding global row {@code row}. */
  int batchOf(int row) {
    int b = Arrays.binarySearch(starts, 0, batches.size() + 1, row);
    if (b < 0) {
      return -b - 2;
    }
    // several batches cannot start at the same row (empty batches are not kept)
    return b;
  }

  /** Global id of batch {@code b}'s first row. */
  int start(int b) {
    return starts[b];
  }

  /**
   * The end (exclusive) of the next output chunk starting at {@code from}: at most {@code batchSize}
   * rows; cut at the end of {@code from}'s batch when that leaves at least half a batch, so that most
   * chunks lie in one input batch and can be sliced without copying.
   */
  int chunkEnd(int from, int batchSize) {
    int end = (int) Math.min(rowCount, (long) from + batchSize);
    int batchEnd = starts[batchOf(from) + 1];
    if (batchEnd < end && batchEnd - from >= (batchSize + 1) / 2) {
      return batchEnd;
    }
    return end;
  }

  /**
   * Input column {@code column} for rows {@code [from, from + count)}, named by {@code field}: a
   * zero-copy slice when the rows lie in one batch, else a gathered copy. Owned by the caller.
   */
  FieldVector column(int column, Field field, int from, int count, BufferAllocator allocator) {
    int first = batchOf(from);
    int last = batchOf(from + count - 1);
    if (first == last) {
      return VectorTake.slice(batches.get(first).getVector(column), from - starts[first], count, field, allocator);
    }
    FieldVector[] sources = new FieldVector[last - first + 1];
    for (int b = first; b <= last; b++) {
      sources[b - first] = batches.get(b).getVector(column);
    }
    int[] ids = new int[count];
    int[] rows = new int[count];
    int b = first;
    for (int j = 0; j < count; j++) {
      int row = from + j;
      while (row >= starts[b + 1]) {
        b++;
      }
      ids[j] = b - first;
      rows[j] = row - starts[b];
    }
    return VectorTake.take(field, sources, ids, rows, 0, count, allocator);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (VectorSchemaRoot b : batches) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    batches.clear();
    rowCount = 0;
    if (failure != null) {
      throw failure;
    }
  }
}
