package org.ballista.runtime.window;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.BallistaException;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.VectorTake;

/**
 * The computed values of one window call for every buffered row, written out slice by slice into
 * output vectors. Three shapes: final primitive values ({@link Longs}, {@link Doubles}) and row
 * references ({@link Refs}) whose values are gathered from the argument column (any type, strings
 * copied as bytes).
 */
sealed interface WindowColumn extends AutoCloseable {
  /** A new vector named by {@code field} with rows {@code [from, from + count)}; owned by the caller. */
  FieldVector write(Field field, int from, int count, WindowInput input, BufferAllocator allocator);

  @Override
  default void close() {}

  /** Allocates a fixed-width vector of {@code count} rows with all validity bits cleared. */
  private static BaseFixedWidthVector allocate(Field field, int count, BufferAllocator allocator) {
    FieldVector v = field.createVector(allocator);
    if (!(v instanceof BaseFixedWidthVector fixed)) {
      v.close();
      throw BallistaException.internal("window: result " + field + " is not a fixed-width type", null);
    }
    try {
      fixed.allocateNew(Math.max(count, 1));
      fixed.getValidityBuffer().setZero(0, fixed.getValidityBuffer().capacity());
      return fixed;
    } catch (RuntimeException | Error e) {
      fixed.close();
      throw e;
    }
  }

  private static void setValidity(ArrowBuf validity, boolean[] valid, int from, int count) {
    for (int i = 0; i < count; i++) {
      if (valid == null || valid[from + i]) {
        BitVectorHelper.setBit(validity, i);
      }
    }
  }

  /**
   * Final integer-like values of the call's type: INT32/DATE (as int), INT64, or DECIMAL with
   * precision ≤ 18 (unscaled at the result scale). {@code valid} is null when no row is NULL.
   */
  record Longs(long[] values, boolean[] valid) implements WindowColumn {
    @Override
    public FieldVector write(Field field, int from, int count, WindowInput input, BufferAllocator allocator) {
      BaseFixedWidthVector out = allocate(field, count, allocator);
      try {
        ArrowBuf data = out.getDataBuffer();
        long[] v = values;
        if (out instanceof BigIntVector) {
          for (int i = 0; i < count; i++) {
            data.setLong((long) i << 3, v[from + i]);
          }
        } else if (out instanceof IntVector || out instanceof DateDayVector) {
          for (int i = 0; i < count; i++) {
            data.setInt((long) i << 2, (int) v[from + i]);
          }
        } else if (out instanceof DecimalVector) {
          for (int i = 0; i < count; i++) {
            DecimalVectors.setLong(data, i, v[from + i]);
          }
        } else if (out instanceof Float8Vector) {
          for (int i = 0; i < count; i++) {
            data.setDouble((long) i << 3, v[from + i]);
          }
        } else {
          throw BallistaException.internal("window: cannot write integer results as " + field, null);
        }
        setValidity(out.getValidityBuffer(), valid, from, count);
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        out.close();
        throw e;
      }
    }
  }

  /** Final FLOAT64 values; {@code valid} is null when no row is NULL. */
  record Doubles(double[] values, boolean[] valid) implements WindowColumn {
    @Override
    public FieldVector write(Field field, int from, int count, WindowInput input, BufferAllocator allocator) {
      BaseFixedWidthVector out = allocate(field, count, allocator);
      try {
        if (!(out instanceof Float8Vector)) {
          throw BallistaException.internal("window: cannot write FLOAT64 results as " + field, null);
        }
        ArrowBuf data = out.getDataBuffer();
        for (int i = 0; i < count; i++) {
          data.setDouble((long) i << 3, values[from + i]);
        }
        setValidity(out.getValidityBuffer(), valid, from, count);
        out.setValueCount(count);
        return out;
      } catch (RuntimeException | Error e) {
        out.close();
        throw e;
      }
    }
  }

  /**
   * Values taken from input column {@code argument}: row i's value is the argument of global row
   * {@code refs[i]}, NULL for {@link #NULL}, or the one value of {@code defaultValue} for {@link
   * #DEFAULT}. Owns {@code defaultValue} (may be null when no row refers to it).
   */
  record Refs(int[] refs, int argument, FieldVector defaultValue) implements WindowColumn {
    static final int NULL = -1;
    static final int DEFAULT = -2;

    @Override
    public FieldVector write(Field field, int from, int count, WindowInput input, BufferAllocator allocator) {
      int batches = input.batchCount();
      // Only the batches this slice refers to become sources (usually one or two).
      int[] localOf = new int[batches + 1];
      java.util.Arrays.fill(localOf, -1);
      FieldVector[] sources = new FieldVector[Math.min(batches + 1, count + 1)];
      int used = 0;
      int[] ids = new int[count];
      int[] rows = new int[count];
      int lastBatch = -1;
      for (int j = 0; j < count; j++) {
        int r = refs[from + j];
        if (r >= 0) {
          int b = lastBatch >= 0 && r >= input.start(lastBatch) && r < input.start(lastBatch + 1)
              ? lastBatch : input.batchOf(r);
          lastBatch = b;
          if (localOf[b] < 0) {
            localOf[b] = used;
            sources[used++] = input.batches().get(b).getVector(argument);
          }
          ids[j] = localOf[b];
          rows[j] = r - input.start(b);
        } else if (r == DEFAULT && defaultValue != null) {
          if (localOf[batches] < 0) {
            localOf[batches] = used;
            sources[used++] = defaultValue;
          }
          ids[j] = localOf[batches];
          rows[j] = 0;
        } else {
          rows[j] = -1;
        }
      }
      if (used == 0) {
        return VectorTake.nulls(field, count, allocator);
      }
      return VectorTake.take(field, java.util.Arrays.copyOf(sources, used), ids, rows, 0, count, allocator);
    }

    @Override
    public void close() {
      if (defaultValue != null) {
        defaultValue.close();
      }
    }
  }
}
