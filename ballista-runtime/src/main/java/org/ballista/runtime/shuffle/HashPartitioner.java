package org.ballista.runtime.shuffle;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.runtime.vector.VectorTake;
import org.ballista.runtime.vector.Vectors;

/**
 * Routes the rows of a batch to hash partitions: {@link #partitionOf} hashes the key columns with the
 * stable {@link ShuffleHash} (so every process agrees on where a key goes), {@link #split} gathers the
 * rows of each partition into its own batch. Both work on whole vectors, with no per-row objects.
 *
 * <p>Partition of a row = the high 32 bits of its 64-bit hash scaled to {@code [0, partitions)}
 * ({@code (hi32 * partitions) >>> 32}), which needs no division and uses the bits that are not
 * used by the in-partition hash tables' own (differently seeded) hashes.
 */
public final class HashPartitioner {
  private HashPartitioner() {}

  /** The 64-bit shuffle hash of each row of {@code batch} over {@code keyColumns} (in order). */
  public static long[] hashes(VectorSchemaRoot batch, int[] keyColumns) {
    if (keyColumns.length == 0) {
      throw new IllegalArgumentException("hash partitioning needs at least one key column");
    }
    int rows = batch.getRowCount();
    long[] hashes = new long[rows];
    for (int k = 0; k < keyColumns.length; k++) {
      ShuffleHash.hashColumn(batch.getVector(keyColumns[k]), rows, hashes, k == 0);
    }
    return hashes;
  }

  /** The partition in {@code [0, partitions)} of a row with the given shuffle hash. */
  public static int partitionOfHash(long hash, int partitions) {
    return (int) (((hash >>> 32) * partitions) >>> 32);
  }

  /** The partition in {@code [0, partitions)} of every row of {@code batch}, by its key columns. */
  public static int[] partitionOf(VectorSchemaRoot batch, int[] keyColumns, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    long[] hashes = hashes(batch, keyColumns);
    int[] out = new int[hashes.length];
    for (int i = 0; i < hashes.length; i++) {
      out[i] = (int) (((hashes[i] >>> 32) * partitions) >>> 32);
    }
    return out;
  }

  /**
   * Splits {@code batch} by {@code partitionIds} (one per row, each in {@code [0, partitions)}) into
   * one batch per partition, keeping the rows' relative order. Entry {@code p} of the result is a new
   * batch owned by the caller, or {@code null} when partition {@code p} got no rows. One counting pass,
   * one pass building per-partition row indexes, then a typed gather ({@link VectorTake}) per
   * partition; a partition that receives every row gets a zero-copy view instead. {@code batch} is
   * neither modified nor closed.
   */
  public static VectorSchemaRoot[] split(VectorSchemaRoot batch, int[] partitionIds, int partitions,
      BufferAllocator allocator) {
    int rows = batch.getRowCount();
    if (partitionIds.length < rows) {
      throw new IllegalArgumentException(partitionIds.length + " partition ids for " + rows + " rows");
    }
    int[] counts = new int[partitions];
    for (int i = 0; i < rows; i++) {
      counts[partitionIds[i]]++;
    }
    VectorSchemaRoot[] out = new VectorSchemaRoot[partitions];
    if (rows == 0) {
      return out;
    }
    for (int p = 0; p < partitions; p++) {
      if (counts[p] == rows) {
        out[p] = view(batch, allocator);
        return out;
      }
    }
    int[][] indexes = new int[partitions][];
    for (int p = 0; p < partitions; p++) {
      if (counts[p] > 0) {
        indexes[p] = new int[counts[p]];
      }
    }
    int[] fill = new int[partitions];
    for (int i = 0; i < rows; i++) {
      int p = partitionIds[i];
      indexes[p][fill[p]++] = i;
    }
    try {
      for (int p = 0; p < partitions; p++) {
        if (counts[p] > 0) {
          out[p] = VectorTake.take(batch, indexes[p], counts[p], allocator);
        }
      }
      return out;
    } catch (RuntimeException e) {
      closeAll(out);
      throw e;
    }
  }

  /** Closes every non-null batch of {@code batches} and clears the slots. */
  static void closeAll(VectorSchemaRoot[] batches) {
    RuntimeException first = null;
    for (int p = 0; p < batches.length; p++) {
      if (batches[p] != null) {
        try {
          batches[p].close();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
        batches[p] = null;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static VectorSchemaRoot view(VectorSchemaRoot batch, BufferAllocator allocator) {
    int rows = batch.getRowCount();
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors().size());
    try {
      for (FieldVector v : batch.getFieldVectors()) {
        vectors.add(Vectors.share(v, rows, allocator));
      }
      return new VectorSchemaRoot(batch.getSchema(), vectors, rows);
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }
}
