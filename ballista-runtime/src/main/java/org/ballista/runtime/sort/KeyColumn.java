package org.ballista.runtime.sort;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.SortKey;
import org.ballista.api.types.DataType;

/**
 * The values of one sort key for every buffered row, copied out of the Arrow batches into growable
 * primitive arrays indexed by global row id, normalised for comparison: {@code long} for BOOL,
 * INT32, INT64, DATE, intervals and DECIMAL with precision ≤ 18 (unscaled, one scale per column),
 * {@code double} for FLOAT64, two longs for wider DECIMALs, and bytes for VARCHAR (compared as
 * unsigned bytes, which is code point order for UTF-8). NULLs are kept in a bitset allocated only
 * when the column has one.
 *
 * <p>{@link #compare} applies the key's direction and NULL placement (NULLS FIRST/LAST is
 * independent of the direction).
 */
abstract class KeyColumn implements IntComparator {
  private final int column;
  private final int sign;
  private final boolean nullsFirst;
  private long[] nulls;
  protected int size;

  KeyColumn(SortKey key) {
    this.column = key.column();
    this.sign = key.ascending() ? 1 : -1;
    this.nullsFirst = key.nullsFirst();
  }

  /** A key column for {@code key}, whose input field is {@code field}. */
  static KeyColumn create(SortKey key, Field field) {
    DataType type = DataType.fromArrow(field.getType());
    if (type instanceof DataType.Float64) {
      return new DoubleKey(key);
    } else if (type instanceof DataType.Utf8) {
      return new BytesKey(key);
    } else if (type instanceof DataType.Null) {
      return new NullKey(key);
    } else if (type instanceof DataType.Decimal d && !d.fitsInLong()) {
      return new Decimal128Key(key);
    }
    return new LongKey(key);
  }

  /** Appends the key values of the first {@code rows} rows of the batch's key column. */
  final void append(org.apache.arrow.vector.VectorSchemaRoot batch, int rows) {
    FieldVector v = batch.getVector(column);
    int base = size;
    ensureCapacity(base + rows);
    appendValues(v, base, rows);
    if (tracksNulls() && v.getNullCount() > 0) {
      if (nulls == null) {
        nulls = new long[Math.max(16, ((base + rows) >>> 6) + 1)];
      } else if (nulls.length <= (base + rows) >>> 6) {
        nulls = Arrays.copyOf(nulls, Math.max(nulls.length * 2, ((base + rows) >>> 6) + 1));
      }
      ArrowBuf validity = v.getValidityBuffer();
      for (int i = 0; i < rows; i++) {
        if (BitVectorHelper.get(validity, i) == 0) {
          int id = base + i;
          nulls[id >>> 6] |= 1L << id;
        }
      }
    }
    size = base + rows;
  }

  boolean hasNulls() {
    return nulls != null;
  }

  boolean nullsFirst() {
    return nullsFirst;
  }

  /**
   * A {@code long} whose signed order agrees with this key's order (direction included) for non-null
   * rows: {@code prefix(a) < prefix(b)} implies {@code compare(a, b) < 0}; equal prefixes imply
   * equal keys only when {@link #prefixExact()}.
   */
  final long prefix(int id) {
    long p = ascendingPrefix(id);
    return sign > 0 ? p : ~p;
  }

  /** Whether equal prefixes mean equal key values. */
  abstract boolean prefixExact();

  /** The prefix for ascending order. */
  protected abstract long ascendingPrefix(int id);

  boolean isNull(int id) {
    int word = id >>> 6;
    return word < nulls.length && (nulls[word] & (1L << id)) != 0;
  }

  @Override
  public final int compare(int a, int b) {
    if (nulls != null) {
      boolean na = isNull(a);
      boolean nb = isNull(b);
      if (na || nb) {
        if (na == nb) {
          return 0;
        }
        return na == nullsFirst ? -1 : 1;
      }
    }
    return sign * compareValues(a, b);
  }

  protected static int grow(int current, int needed) {
    if (needed < 0 || needed > Integer.MAX_VALUE - 16) {
      throw BallistaException.unsupported("sort buffer exceeds 2^31 entries");
    }
    return (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) needed, Math.max(16L, current * 2L)));
  }

  /** Whether NULLs must be recorded (not for a column that is NULL everywhere). */
  protected boolean tracksNulls() {
    return true;
  }

  /** Makes room for {@code rows} values in total. */
  protected abstract void ensureCapacity(int rows);

  protected abstract void appendValues(FieldVector v, int base, int rows);

  /** Ascending comparison of two non-null values: negative, zero or positive. */
  protected abstract int compareValues(int a, int b);

  private static final class LongKey extends KeyColumn {
    private long[] values = new long[0];

    LongKey(SortKey key) {
      super(key);
    }

    @Override
    protected void ensureCapacity(int rows) {
      if (rows > values.length) {
        values = Arrays.copyOf(values, grow(values.length, rows));
      }
    }

    @Override
    protected void appendValues(FieldVector v, int base, int rows) {
      ArrowBuf data = v.getDataBuffer();
      long[] out = values;
      if (v instanceof IntVector || v instanceof DateDayVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getInt((long) i * 4);
        }
      } else if (v instanceof BigIntVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getLong((long) i * 8);
        }
      } else if (v instanceof DecimalVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = data.getLong((long) i * DecimalVector.TYPE_WIDTH);
        }
      } else if (v instanceof BitVector) {
        for (int i = 0; i < rows; i++) {
          out[base + i] = BitVectorHelper.get(data, i);
        }
      } else {
        throw BallistaException.unsupported("cannot sort by column " + v.getName() + " of type "
            + v.getField().getType());
      }
    }

    @Override
    protected int compareValues(int a, int b) {
      return Long.compare(values[a], values[b]);
    }

    @Override
    boolean prefixExact() {
      return true;
    }

    @Override
    protected long ascendingPrefix(int id) {
      return values[id];
    }
  }

  private static final class DoubleKey extends KeyColumn {
    private double[] values = new double[0];

    DoubleKey(SortKey key) {
      super(key);
    }

    @Override
    protected void ensureCapacity(int rows) {
      if (rows > values.length) {
        values = Arrays.copyOf(values, grow(values.length, rows));
      }
    }

    @Override
    protected void appendValues(FieldVector v, int base, int rows) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        values[base + i] = data.getDouble((long) i * 8);
      }
    }

    @Override
    protected int compareValues(int a, int b) {
      return Double.compare(values[a], values[b]);
    }

    @Override
    boolean prefixExact() {
      return true;
    }

    /** Same order as Double.compare: NaN last, -0.0 before 0.0. */
    @Override
    protected long ascendingPrefix(int id) {
      long bits = Double.doubleToLongBits(values[id]);
      return bits < 0 ? bits ^ Long.MAX_VALUE : bits;
    }
  }

  private static final class Decimal128Key extends KeyColumn {
    private long[] low = new long[0];
    private long[] high = new long[0];

    Decimal128Key(SortKey key) {
      super(key);
    }

    @Override
    protected void ensureCapacity(int rows) {
      if (rows > low.length) {
        int n = grow(low.length, rows);
        low = Arrays.copyOf(low, n);
        high = Arrays.copyOf(high, n);
      }
    }

    @Override
    protected void appendValues(FieldVector v, int base, int rows) {
      ArrowBuf data = v.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long offset = (long) i * DecimalVector.TYPE_WIDTH;
        low[base + i] = data.getLong(offset);
        high[base + i] = data.getLong(offset + 8);
      }
    }

    @Override
    protected int compareValues(int a, int b) {
      int c = Long.compare(high[a], high[b]);
      return c != 0 ? c : Long.compareUnsigned(low[a], low[b]);
    }

    @Override
    boolean prefixExact() {
      return false;
    }

    /** The value when it fits in a long, otherwise saturated to Long.MIN_VALUE/MAX_VALUE. */
    @Override
    protected long ascendingPrefix(int id) {
      long lo = low[id];
      long hi = high[id];
      if (hi == (lo >> 63)) {
        return lo;
      }
      return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static final class BytesKey extends KeyColumn {
    private byte[] bytes = new byte[0];
    private int used;
    /** offsets[id] .. offsets[id + 1] are the bytes of row id. */
    private int[] offsets = new int[1];

    BytesKey(SortKey key) {
      super(key);
    }

    @Override
    protected void ensureCapacity(int rows) {
      if (rows + 1 > offsets.length) {
        offsets = Arrays.copyOf(offsets, grow(offsets.length, rows + 1));
      }
    }

    @Override
    protected void appendValues(FieldVector v, int base, int rows) {
      ArrowBuf off = v.getOffsetBuffer();
      int start = off.getInt(0);
      int end = off.getInt((long) rows * 4);
      int length = end - start;
      long needed = (long) used + length;
      if (needed > Integer.MAX_VALUE - 16) {
        throw BallistaException.unsupported("sort key column " + v.getName() + " holds over 2 GiB of text");
      }
      if (needed > bytes.length) {
        bytes = Arrays.copyOf(bytes, grow(bytes.length, (int) needed));
      }
      if (length > 0) {
        v.getDataBuffer().getBytes(start, bytes, used, length);
      }
      int shift = used - start;
      for (int i = 1; i <= rows; i++) {
        offsets[base + i] = off.getInt((long) i * 4) + shift;
      }
      used = (int) needed;
    }

    @Override
    protected int compareValues(int a, int b) {
      return Arrays.compareUnsigned(bytes, offsets[a], offsets[a + 1], bytes, offsets[b], offsets[b + 1]);
    }

    @Override
    boolean prefixExact() {
      return false;
    }

    /** The first 8 bytes, big-endian, zero-padded, shifted so that signed order is unsigned byte order. */
    @Override
    protected long ascendingPrefix(int id) {
      int start = offsets[id];
      int len = Math.min(8, offsets[id + 1] - start);
      long p = 0;
      for (int i = 0; i < len; i++) {
        p |= (bytes[start + i] & 0xFFL) << (56 - 8 * i);
      }
      return p ^ Long.MIN_VALUE;
    }
  }

  private static final class NullKey extends KeyColumn {
    NullKey(SortKey key) {
      super(key);
    }

    @Override
    protected boolean tracksNulls() {
      return false;
    }

    @Override
    protected void ensureCapacity(int rows) {}

    @Override
    protected void appendValues(FieldVector v, int base, int rows) {}

    @Override
    protected int compareValues(int a, int b) {
      return 0;
    }

    @Override
    boolean prefixExact() {
      return true;
    }

    @Override
    protected long ascendingPrefix(int id) {
      return 0;
    }
  }
}
