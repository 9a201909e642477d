package org.ballista.runtime.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * Packs the values of up to 32 key columns of a row into a fixed number of 64-bit words plus a
 * null mask (bit {@code k} set when key {@code k} is NULL; its value bits are then zero), and
 * unpacks them into output vectors.
 *
 * <p>Widths: BOOL 1 bit; INT32, DATE and UTF8 32 bits (strings are first mapped to dense ids by a
 * per-column {@link ByteInterner}); INT64, FLOAT64 and DECIMAL with precision ≤ 18 64 bits; wider
 * DECIMAL 128 bits. Fields are placed widest first, so e.g. (BIGINT, DATE, INT) takes two words and
 * two one-char strings take one. FLOAT64 keys are normalized (-0.0 as 0.0, one NaN).
 *
 * <p>Holds the interners, so one encoder serves one hash table for its whole life. Not thread-safe.
 */
final class KeyEncoder {
  /** How a key is stored. */
  enum Kind { BOOL, INT32, INT64, FLOAT64, DEC64, DEC128, UTF8 }

  static final int MAX_KEYS = 32;

  private final DataType[] types;
  private final Kind[] kinds;
  private final int[] word;
  private final int[] shift;
  private final int width;
  private final ByteInterner[] interners;
  private final StringColumn strings = new StringColumn();

  KeyEncoder(List<DataType> keyTypes) {
    int n = keyTypes.size();
    if (n < 1 || n > MAX_KEYS) {
      throw BallistaException.unsupported("aggregation: between 1 and " + MAX_KEYS + " group keys supported, got " + n);
    }
    types = keyTypes.toArray(new DataType[0]);
    kinds = new Kind[n];
    word = new int[n];
    shift = new int[n];
    interners = new ByteInterner[n];
    for (int k = 0; k < n; k++) {
      kinds[k] = kindOf(types[k]);
      if (kinds[k] == Kind.UTF8) {
        interners[k] = new ByteInterner();
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      order.add(k);
    }
    order.sort(Comparator.comparingInt((Integer k) -> -bits(kinds[k])));
    int cursorWord = 0;
    int cursorBit = 0;
    for (int k : order) {
      int b = bits(kinds[k]);
      if (b >= 64) {
        if (cursorBit > 0) {
          cursorWord++;
          cursorBit = 0;
        }
        word[k] = cursorWord;
        shift[k] = 0;
        cursorWord += b / 64;
      } else {
        if (cursorBit + b > 64) {
          cursorWord++;
          cursorBit = 0;
        }
        word[k] = cursorWord;
        shift[k] = cursorBit;
        cursorBit += b;
      }
    }
    width = cursorWord + (cursorBit > 0 ? 1 : 0);
  }

  /** The storage kind of a key type, or an UNSUPPORTED error. */
  static Kind kindOf(DataType type) {
    if (type instanceof DataType.Bool) {
      return Kind.BOOL;
    } else if (type instanceof DataType.Int32 || type instanceof DataType.Date || type instanceof DataType.IntervalMonths) {
      return Kind.INT32;
    } else if (type instanceof DataType.Int64 || type instanceof DataType.IntervalDays) {
      return Kind.INT64;
    } else if (type instanceof DataType.Float64) {
      return Kind.FLOAT64;
    } else if (type instanceof DataType.Decimal d) {
      return d.fitsInLong() ? Kind.DEC64 : Kind.DEC128;
    } else if (type instanceof DataType.Utf8) {
      return Kind.UTF8;
    }
    throw BallistaException.unsupported("aggregation: cannot group by a value of type " + type);
  }

  private static int bits(Kind kind) {
    return switch (kind) {
      case BOOL -> 1;
      case INT32, UTF8 -> 32;
      case INT64, FLOAT64, DEC64 -> 64;
      case DEC128 -> 128;
    };
  }

  /** Words per key. */
  int width() {
    return width;
  }

  int keyCount() {
    return kinds.length;
  }

  /** Zeroes the words and null masks of rows {@code [0, n)} before the keys are encoded. */
  void clear(int n, long[] words, int[] nullMasks) {
    Arrays.fill(words, 0, n * width, 0L);
    Arrays.fill(nullMasks, 0, n, 0);
  }

  /** ORs key {@code k} of rows {@code [0, n)} of {@code vector} into {@code words}/{@code nullMasks}. */
  void encodeVector(int k, FieldVector vector, int n, long[] words, int[] nullMasks) {
    final int w = width;
    final int wi = word[k];
    final int sh = shift[k];
    final boolean nulls = Selections.hasNulls(vector, n);
    final int nullBit = 1 << k;
    switch (kinds[k]) {
      case BOOL -> {
        BitVector bits = (BitVector) vector;
        ArrowBuf data = bits.getDataBuffer();
        for (int i = 0; i < n; i++) {
          if (nulls && vector.isNull(i)) {
            nullMasks[i] |= nullBit;
          } else {
            long bit = (data.getByte(i >> 3) >> (i & 7)) & 1L;
            words[i * w + wi] |= bit << sh;
          }
        }
      }
      case INT32 -> {
        ArrowBuf data = vector.getDataBuffer();
        if (!nulls) {
          for (int i = 0; i < n; i++) {
            words[i * w + wi] |= (data.getInt((long) i << 2) & 0xFFFFFFFFL) << sh;
          }
        } else {
          for (int i = 0; i < n; i++) {
            if (vector.isNull(i)) {
              nullMasks[i] |= nullBit;
            } else {
              words[i * w + wi] |= (data.getInt((long) i << 2) & 0xFFFFFFFFL) << sh;
            }
          }
        }
      }
      case INT64 -> {
        ArrowBuf data = vector.getDataBuffer();
        if (!nulls) {
          for (int i = 0; i < n; i++) {
            words[i * w + wi] = data.getLong((long) i << 3);
          }
        } else {
          for (int i = 0; i < n; i++) {
            if (vector.isNull(i)) {
              nullMasks[i] |= nullBit;
            } else {
              words[i * w + wi] = data.getLong((long) i << 3);
            }
          }
        }
      }
      case FLOAT64 -> {
        ArrowBuf data = vector.getDataBuffer();
        for (int i = 0; i < n; i++) {
          if (nulls && vector.isNull(i)) {
            nullMasks[i] |= nullBit;
          } else {
            words[i * w + wi] = normalizedBits(data.getDouble((long) i << 3));
          }
        }
      }
      case DEC64 -> {
        ArrowBuf data = vector.getDataBuffer();
        if (!nulls) {
          for (int i = 0; i < n; i++) {
            words[i * w + wi] = DecimalVectors.getLong(data, i);
          }
        } else {
          for (int i = 0; i < n; i++) {
            if (vector.isNull(i)) {
              nullMasks[i] |= nullBit;
            } else {
              words[i * w + wi] = DecimalVectors.getLong(data, i);
            }
          }
        }
      }
      case DEC128 -> {
        ArrowBuf data = vector.getDataBuffer();
        for (int i = 0; i < n; i++) {
          if (nulls && vector.isNull(i)) {
            nullMasks[i] |= nullBit;
          } else {
            long offset = (long) i * DecimalVector.TYPE_WIDTH;
            words[i * w + wi] = data.getLong(offset);
            words[i * w + wi + 1] = data.getLong(offset + 8);
          }
        }
      }
      case UTF8 -> {
        StringColumn s = strings;
        s.load((VarCharVector) vector, n);
        int[] offsets = s.offsets;
        byte[] bytes = s.bytes;
        ByteInterner interner = interners[k];
        for (int i = 0; i < n; i++) {
          if (nulls && vector.isNull(i)) {
            nullMasks[i] |= nullBit;
          } else {
            int id = interner.intern(bytes, offsets[i], offsets[i + 1] - offsets[i]);
            words[i * w + wi] |= (id & 0xFFFFFFFFL) << sh;
          }
        }
      }
      default -> throw new IllegalStateException(kinds[k].name());
    }
  }

  /** ORs 32-bit values (e.g. group ids) as key {@code k}, which must be an INT32 key, of rows {@code [0, n)}. */
  void encodeInts(int k, int[] values, int n, long[] words) {
    if (kinds[k] != Kind.INT32) {
      throw new IllegalStateException("key " + k + " is not INT32");
    }
    final int w = width;
    final int wi = word[k];
    final int sh = shift[k];
    for (int i = 0; i < n; i++) {
      words[i * w + wi] |= (values[i] & 0xFFFFFFFFL) << sh;
    }
  }

  static long normalizedBits(double v) {
    if (v == 0.0) {
      return 0L;
    }
    return Double.doubleToLongBits(v); // canonical NaN
  }

  /**
   * Writes key {@code k} of groups {@code [from, from + count)} of {@code table} into rows {@code
   * [0, count)} of {@code out}, a freshly allocated vector of the key's type (NULL keys stay unset).
   */
  void writeKey(int k, GroupHashTable table, int from, int count, FieldVector out) {
    final int wi = word[k];
    final int sh = shift[k];
    final int nullBit = 1 << k;
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if ((table.nullMask(g) & nullBit) != 0) {
        continue;
      }
      long bits = table.word(g, wi);
      switch (kinds[k]) {
        case BOOL -> ((BitVector) out).set(i, (int) ((bits >>> sh) & 1L));
        case INT32 -> {
          int v = (int) (bits >>> sh);
          if (out instanceof org.apache.arrow.vector.IntVector iv) {
            iv.set(i, v);
          } else if (out instanceof org.apache.arrow.vector.DateDayVector dv) {
            dv.set(i, v);
          } else {
            throw BallistaException.internal("aggregation: key vector " + out.getClass().getSimpleName(), null);
          }
        }
        case INT64 -> ((org.apache.arrow.vector.BigIntVector) out).set(i, bits);
        case FLOAT64 -> ((org.apache.arrow.vector.Float8Vector) out).set(i, Double.longBitsToDouble(bits));
        case DEC64 -> DecimalVectors.setLong((DecimalVector) out, i, bits);
        case DEC128 -> {
          DecimalVector dv = (DecimalVector) out;
          long offset = (long) i * DecimalVector.TYPE_WIDTH;
          dv.getDataBuffer().setLong(offset, bits);
          dv.getDataBuffer().setLong(offset + 8, table.word(g, wi + 1));
          dv.setIndexDefined(i);
        }
        case UTF8 -> {
          int id = (int) (bits >>> sh);
          ByteInterner interner = interners[k];
          ((VarCharVector) out).setSafe(i, interner.arena(), interner.start(id), interner.length(id));
        }
        default -> throw new IllegalStateException(kinds[k].name());
      }
    }
  }

  /** Approximate heap bytes held by the interners. */
  long heapBytes() {
    long total = 0;
    for (ByteInterner interner : interners) {
      if (interner != null) {
        total += interner.heapBytes();
      }
    }
    return total;
  }
}
