package org.ballista.runtime.aggregate;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.ballista.api.BallistaException;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * The current input batch seen by the accumulators, with per-column primitive copies made on first
 * use and shared by every call reading that column (Q1 reads some columns three times). Values at
 * NULL positions of the copies are unspecified; callers select non-null rows first. The arrays are
 * reused across batches.
 */
final class BatchInput {
  private final int columnCount;
  private final long[][] longs;
  private final double[][] doubles;
  private final StringColumn[] strings;
  private final int[] longsVersion;
  private final int[] doublesVersion;
  private final int[] stringsVersion;
  private final int[] nullCount;
  private int version;
  private VectorSchemaRoot root;
  private int rowCount;

  BatchInput(int columnCount) {
    this.columnCount = columnCount;
    this.longs = new long[columnCount][];
    this.doubles = new double[columnCount][];
    this.strings = new StringColumn[columnCount];
    this.longsVersion = new int[columnCount];
    this.doublesVersion = new int[columnCount];
    this.stringsVersion = new int[columnCount];
    this.nullCount = new int[columnCount];
  }

  /** Points at a new batch (borrowed: the caller keeps ownership and closes it afterwards). */
  void reset(VectorSchemaRoot batch) {
    root = batch;
    rowCount = batch.getRowCount();
    version++;
    java.util.Arrays.fill(nullCount, -1);
  }

  /** Drops the reference to the batch. */
  void clear() {
    root = null;
  }

  int rowCount() {
    return rowCount;
  }

  FieldVector vector(int column) {
    return root.getVector(column);
  }

  boolean hasNulls(int column) {
    int c = nullCount[column];
    if (c < 0) {
      c = Selections.hasNulls(root.getVector(column), rowCount) ? 1 : 0;
      nullCount[column] = c;
    }
    return c > 0;
  }

  /**
   * The column as longs: INT32/DATE/INT64 values, DECIMAL unscaled values (an EXECUTION "overflow"
   * error if a 128-bit value does not fit), BOOL as 0/1.
   */
  long[] longs(int column) {
    long[] out = longs[column];
    if (out != null && longsVersion[column] == version) {
      return out;
    }
    int n = rowCount;
    if (out == null || out.length < n) {
      out = new long[Math.max(n, 1024)];
      longs[column] = out;
    }
    FieldVector v = root.getVector(column);
    ArrowBuf data = v.getDataBuffer();
    if (v instanceof BigIntVector) {
      for (int i = 0; i < n; i++) {
        out[i] = data.getLong((long) i << 3);
      }
    } else if (v instanceof IntVector || v instanceof DateDayVector) {
      for (int i = 0; i < n; i++) {
        out[i] = data.getInt((long) i << 2);
      }
    } else if (v instanceof DecimalVector d) {
      for (int i = 0; i < n; i++) {
        out[i] = DecimalVectors.getLong(data, i);
      }
      if (((ArrowType.Decimal) d.getField().getType()).getPrecision() > 18) {
        for (int i = 0; i < n; i++) {
          long high = data.getLong((long) i * DecimalVector.TYPE_WIDTH + 8);
          if (high != (out[i] >> 63) && !d.isNull(i)) {
            throw BallistaException.execution("aggregation: overflow, a DECIMAL value of column "
                + d.getName() + " does not fit in 64 bits");
          }
        }
      }
    } else if (v instanceof BitVector) {
      for (int i = 0; i < n; i++) {
        out[i] = (data.getByte(i >> 3) >> (i & 7)) & 1L;
      }
    } else {
      throw BallistaException.unsupported("aggregation: cannot read " + v.getField() + " as an integer");
    }
    longsVersion[column] = version;
    return out;
  }

  /** The column as doubles (DECIMAL values scaled; integers converted). */
  double[] doubles(int column) {
    double[] out = doubles[column];
    if (out != null && doublesVersion[column] == version) {
      return out;
    }
    int n = rowCount;
    if (out == null || out.length < n) {
      out = new double[Math.max(n, 1024)];
      doubles[column] = out;
    }
    FieldVector v = root.getVector(column);
    if (v instanceof Float8Vector) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < n; i++) {
        out[i] = data.getDouble((long) i << 3);
      }
    } else {
      long[] values = longs(column);
      double divisor = v instanceof DecimalVector d
          ? Math.pow(10, ((ArrowType.Decimal) d.getField().getType()).getScale()) : 1.0;
      for (int i = 0; i < n; i++) {
        out[i] = values[i] / divisor;
      }
    }
    doublesVersion[column] = version;
    return out;
  }

  /** The column's strings (VARCHAR columns only). */
  StringColumn strings(int column) {
    StringColumn s = strings[column];
    if (s == null) {
      s = new StringColumn();
      strings[column] = s;
    }
    if (stringsVersion[column] != version) {
      s.load((VarCharVector) root.getVector(column), rowCount);
      stringsVersion[column] = version;
    }
    return s;
  }

  int columnCount() {
    return columnCount;
  }
}
