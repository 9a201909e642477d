package org.ballista.runtime.window;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * One column of every buffered row, copied out of the Arrow batches into primitive arrays indexed
 * by global row id: {@link Kind#LONG} for BOOL, INT32, INT64, DATE, intervals and DECIMAL with
 * precision ≤ 18 (unscaled), {@link Kind#DOUBLE} for FLOAT64, {@link Kind#BYTES} for UTF8 (one byte
 * arena plus offsets) and for wide DECIMALs (16 raw bytes each, usable for equality only). NULLs
 * are in {@link #valid}, which is {@code null} when the column has none. Immutable after creation.
 */
final class ColumnValues {
  enum Kind { LONG, DOUBLE, BYTES }

  final Kind kind;
  final long[] longs;
  final double[] doubles;
  final byte[] bytes;
  /** {@code offsets[i] .. offsets[i + 1]} are row i's bytes (BYTES only). */
  final int[] offsets;
  /** Validity per row, or {@code null} when no row is NULL. */
  final boolean[] valid;

  private ColumnValues(Kind kind, long[] longs, double[] doubles, byte[] bytes, int[] offsets, boolean[] valid) {
    this.kind = kind;
    this.longs = longs;
    this.doubles = doubles;
    this.bytes = bytes;
    this.offsets = offsets;
    this.valid = valid;
  }

  boolean isValid(int row) {
    return valid == null || valid[row];
  }

  /** The kind of values a column of {@code type} is read into. */
  static Kind kindOf(DataType type) {
    if (type instanceof DataType.Float64) {
      return Kind.DOUBLE;
    }
    if (type instanceof DataType.Utf8 || (type instanceof DataType.Decimal d && !d.fitsInLong())) {
      return Kind.BYTES;
    }
    return Kind.LONG;
  }

  /** Reads column {@code column} of {@code batches} ({@code rowCount} rows in all). */
  static ColumnValues read(List<VectorSchemaRoot> batches, int column, int rowCount) {
    FieldVector first = batches.isEmpty() ? null : batches.get(0).getVector(column);
    boolean[] valid = null;
    int base = 0;
    for (VectorSchemaRoot b : batches) {
      FieldVector v = b.getVector(column);
      int rows = b.getRowCount();
      if (v instanceof NullVector) {
        if (valid == null) {
          valid = new boolean[rowCount];
        }
      } else if (v.getNullCount() > 0) {
        if (valid == null) {
          valid = new boolean[rowCount];
          Arrays.fill(valid, 0, base, true);
        }
        ArrowBuf validity = v.getValidityBuffer();
        for (int i = 0; i < rows; i++) {
          valid[base + i] = BitVectorHelper.get(validity, i) != 0;
        }
      } else if (valid != null) {
        Arrays.fill(valid, base, base + rows, true);
      }
      base += rows;
    }
    if (first == null || first instanceof NullVector) {
      return new ColumnValues(Kind.LONG, new long[rowCount], null, null, null, valid);
    }
    if (first instanceof Float8Vector) {
      double[] out = new double[rowCount];
      base = 0;
      for (VectorSchemaRoot b : batches) {
        ArrowBuf data = b.getVector(column).getDataBuffer();
        int rows = b.getRowCount();
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getDouble((long) i << 3);
        }
        base += rows;
      }
      return new ColumnValues(Kind.DOUBLE, null, out, null, null, valid);
    }
    if (first instanceof VarCharVector) {
      return readStrings(batches, column, rowCount, valid);
    }
    if (first instanceof DecimalVector d && d.getPrecision() > 18) {
      return readWideDecimals(batches, column, rowCount, valid);
    }
    long[] out = new long[rowCount];
    base = 0;
    for (VectorSchemaRoot b : batches) {
      FieldVector v = b.getVector(column);
      int rows = b.getRowCount();
      ArrowBuf data = v.getDataBuffer();
      if (v instanceof IntVector || v instanceof DateDayVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getInt((long) i << 2);
        }
      } else if (v instanceof BigIntVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getLong((long) i << 3);
        }
      } else if (v instanceof DecimalVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = DecimalVectors.getLong(data, i);
        }
      } else if (v instanceof BitVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = BitVectorHelper.get(data, i);
        }
      } else {
        throw BallistaException.unsupported("window: cannot read column " + v.getField() + " of type " + v.getField().getType());
      }
      base += rows;
    }
    return new ColumnValues(Kind.LONG, out, null, null, null, valid);
  }

  private static ColumnValues readStrings(List<VectorSchemaRoot> batches, int column, int rowCount, boolean[] valid) {
    long total = 0;
    for (VectorSchemaRoot b : batches) {
      FieldVector v = b.getVector(column);
      int rows = b.getRowCount();
      if (rows > 0) {
        ArrowBuf off = v.getOffsetBuffer();
        total += off.getInt((long) rows << 2) - off.getInt(0);
      }
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw BallistaException.unsupported("window: " + total + " bytes of string data in one partition exceed 2 GiB");
    }
    byte[] arena = new byte[(int) total];
    int[] offsets = new int[rowCount + 1];
    int base = 0;
    int pos = 0;
    for (VectorSchemaRoot b : batches) {
      FieldVector v = b.getVector(column);
      int rows = b.getRowCount();
      if (rows == 0) {
        continue;
      }
      ArrowBuf off = v.getOffsetBuffer();
      ArrowBuf data = v.getDataBuffer();
      int start = off.getInt(0);
      int end = off.getInt((long) rows << 2);
      data.getBytes(start, arena, pos, end - start);
      int shift = pos - start;
      for (int i = 0; i < rows; i++) {
        offsets[base + i] = off.getInt((long) i << 2) + shift;
      }
      pos += end - start;
      base += rows;
      offsets[base] = pos;
    }
    return new ColumnValues(Kind.BYTES, null, null, arena, offsets, valid);
  }

  private static ColumnValues readWideDecimals(List<VectorSchemaRoot> batches, int column, int rowCount,
      boolean[] valid) {
    int width = DecimalVector.TYPE_WIDTH;
    byte[] arena = new byte[Math.multiplyExact(rowCount, width)];
    int[] offsets = new int[rowCount + 1];
    for (int i = 0; i <= rowCount; i++) {
      offsets[i] = i * width;
    }
    int base = 0;
    for (VectorSchemaRoot b : batches) {
      int rows = b.getRowCount();
      b.getVector(column).getDataBuffer().getBytes(0, arena, base * width, rows * width);
      base += rows;
    }
    return new ColumnValues(Kind.BYTES, null, null, arena, offsets, valid);
  }

  /** Whether rows {@code a} and {@code b} hold equal values (two NULLs are equal; FLOAT64 by bits). */
  boolean same(int a, int b) {
    if (valid != null) {
      boolean va = valid[a];
      if (va != valid[b]) {
        return false;
      }
      if (!va) {
        return true;
      }
    }
    return switch (kind) {
      case LONG -> longs[a] == longs[b];
      case DOUBLE -> Double.doubleToLongBits(doubles[a]) == Double.doubleToLongBits(doubles[b]);
      case BYTES -> Arrays.equals(bytes, offsets[a], offsets[a + 1], bytes, offsets[b], offsets[b + 1]);
    };
  }

  /**
   * Marks in {@code breaks} every row {@code i > 0} whose value differs from row {@code i - 1}'s.
   * Typed loops per kind (no per-row dispatch).
   */
  void markChanges(boolean[] breaks, int rowCount) {
    switch (kind) {
      case LONG -> {
        long[] v = longs;
        if (valid == null) {
          for (int i = 1; i < rowCount; i++) {
            if (v[i] != v[i - 1]) {
              breaks[i] = true;
            }
          }
          return;
        }
      }
      case DOUBLE -> {
        double[] v = doubles;
        if (valid == null) {
          for (int i = 1; i < rowCount; i++) {
            if (Double.doubleToLongBits(v[i]) != Double.doubleToLongBits(v[i - 1])) {
              breaks[i] = true;
            }
          }
          return;
        }
      }
      default -> { }
    }
    for (int i = 1; i < rowCount; i++) {
      if (!breaks[i] && !same(i - 1, i)) {
        breaks[i] = true;
      }
    }
  }
}
