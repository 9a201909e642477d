package org.ballista.runtime.sort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.SortKey;
import org.ballista.runtime.vector.VectorTake;

/**
 * Buffered input batches of a sort plus their sort-key columns. Rows get consecutive global ids in
 * the order they are added. Owns the batches (closed by {@link #close()}). Not thread-safe.
 */
final class SortBuffer implements AutoCloseable {
  private final Schema schema;
  private final KeyColumn[] keys;
  private final IntComparator comparator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private int[] starts = new int[16];
  private int rowCount;

  SortBuffer(Schema schema, List<SortKey> sortKeys) {
    this.schema = schema;
    this.keys = new KeyColumn[sortKeys.size()];
    for (int i = 0; i < keys.length; i++) {
      SortKey k = sortKeys.get(i);
      if (k.column() < 0 || k.column() >= schema.getFields().size()) {
        throw BallistaException.internal("sort key column " + k.column() + " out of range for " + schema, null);
      }
      keys[i] = KeyColumn.create(k, schema.getFields().get(k.column()));
    }
    this.comparator = compose(keys);
  }

  private static IntComparator compose(KeyColumn[] keys) {
    if (keys.length == 0) {
      return (a, b) -> 0;
    }
    if (keys.length == 1) {
      return keys[0];
    }
    if (keys.length == 2) {
      KeyColumn first = keys[0];
      KeyColumn second = keys[1];
      return (a, b) -> {
        int c = first.compare(a, b);
        return c != 0 ? c : second.compare(a, b);
      };
    }
    return (a, b) -> {
      for (KeyColumn k : keys) {
        int c = k.compare(a, b);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  int rowCount() {
    return rowCount;
  }

  /** Sorts {@code ids} (global row ids) by the sort keys; stable. */
  void sort(int[] ids) {
    new RowSorter(keys).sort(ids, 0, ids.length);
  }

  /** Compares two global row ids by the sort keys. */
  IntComparator comparator() {
    return comparator;
  }

  /**
   * Takes ownership of {@code batch} (closed on failure too) and returns the global id of its first
   * row. Empty batches are closed and not kept.
   */
  int add(VectorSchemaRoot batch) {
    int first = rowCount;
    try {
      int rows = batch.getRowCount();
      if (rows == 0) {
        batch.close();
        return first;
      }
      if ((long) rowCount + rows > Integer.MAX_VALUE - 16) {
        throw BallistaException.unsupported("sort input exceeds 2^31 rows");
      }
      for (KeyColumn k : keys) {
        k.append(batch, rows);
      }
      if (batches.size() == starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[batches.size()] = rowCount;
      batches.add(batch);
      rowCount += rows;
      return first;
    } catch (RuntimeException | Error e) {
      batch.close();
      throw e;
    }
  }

  /** Copies rows {@code ids[from, from + count)} (global ids) into a new batch owned by the caller. */
  VectorSchemaRoot gather(int[] ids, int from, int count, BufferAllocator allocator) {
    int[] sources = new int[count];
    int[] rows = new int[count];
    int n = batches.size();
    for (int i = 0; i < count; i++) {
      int id = ids[from + i];
      int b = Arrays.binarySearch(starts, 0, n, id);
      if (b < 0) {
        b = -b - 2;
      }
      sources[i] = b;
      rows[i] = id - starts[b];
    }
    return VectorTake.take(schema, batches, sources, rows, 0, count, allocator);
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
    if (failure != null) {
      throw failure;
    }
  }
}
