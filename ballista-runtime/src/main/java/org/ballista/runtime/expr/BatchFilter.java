package org.ballista.runtime.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.runtime.vector.VectorTake;
import org.ballista.runtime.vector.Vectors;

/**
 * Keeps the rows of a batch where a boolean predicate is TRUE (NULL and FALSE drop the row).
 * When every row passes the result shares the input's buffers (zero-copy); when none passes it is
 * an empty batch; otherwise the selected rows are gathered with {@link VectorTake}.
 */
public final class BatchFilter {
  private BatchFilter() {}

  /**
   * A new batch with the rows of {@code batch} where {@code predicate} is true. The result is owned
   * by the caller; the input batch and predicate are neither modified nor closed.
   */
  public static VectorSchemaRoot filter(VectorSchemaRoot batch, BitVector predicate, BufferAllocator allocator) {
    int n = batch.getRowCount();
    long[] selected = Bitmaps.trueBits(predicate, n);
    int count = Bitmaps.count(selected, n);
    if (count == n) {
      List<FieldVector> shared = new ArrayList<>();
      try {
        for (FieldVector v : batch.getFieldVectors()) {
          shared.add(Vectors.share(v, n, allocator));
        }
        return new VectorSchemaRoot(batch.getSchema(), shared, n);
      } catch (RuntimeException e) {
        shared.forEach(FieldVector::close);
        throw e;
      }
    }
    if (count == 0) {
      return Vectors.emptyBatch(batch.getSchema(), allocator);
    }
    int[] rows = new int[count];
    toIndexes(selected, rows);
    return VectorTake.take(batch, rows, count, allocator);
  }

  /**
   * As {@link #filter(VectorSchemaRoot, BitVector, BufferAllocator)} for a predicate of any vector
   * type: a NULL-typed predicate (e.g. {@code WHERE NULL}) keeps no rows.
   */
  public static VectorSchemaRoot filter(VectorSchemaRoot batch, FieldVector predicate, BufferAllocator allocator) {
    if (predicate instanceof BitVector bits) {
      return filter(batch, bits, allocator);
    }
    if (predicate instanceof org.apache.arrow.vector.NullVector) {
      return Vectors.emptyBatch(batch.getSchema(), allocator);
    }
    throw new IllegalArgumentException("filter predicate must be boolean, not " + predicate.getField().getType());
  }

  /** The indexes of the rows where {@code predicate} is true (not NULL), ascending. */
  public static int[] selectTrue(BitVector predicate, int rowCount) {
    long[] selected = Bitmaps.trueBits(predicate, rowCount);
    int[] rows = new int[Bitmaps.count(selected, rowCount)];
    toIndexes(selected, rows);
    return rows;
  }

  private static void toIndexes(long[] words, int[] out) {
    int k = 0;
    for (int w = 0; w < words.length; w++) {
      long x = words[w];
      while (x != 0) {
        out[k++] = (w << 6) + Long.numberOfTrailingZeros(x);
        x &= x - 1;
      }
    }
  }
}
