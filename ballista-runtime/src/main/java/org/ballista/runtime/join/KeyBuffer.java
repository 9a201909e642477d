package org.ballista.runtime.join;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.ballista.api.BallistaException;

/**
 * The normalized join keys of a run of rows (one probe batch, or the whole build side): per key
 * column a {@code long} value (plus a high word for WIDE keys) and a null flag, and per row a
 * {@link #status}. Mutable scratch space owned by one thread; arrays grow as needed.
 */
final class KeyBuffer {
  /** Row status: every key usable. */
  static final byte OK = 0;
  /** A key value that cannot equal any value of the other side (rescaling overflowed, out of range). */
  static final byte NO_MATCH = 1;
  /** Some key that is not null-safe is NULL: the row matches nothing. */
  static final byte NULL_KEY = 2;

  private final JoinKeys keys;
  private final boolean leftSide;
  int rows;
  long[][] values;
  long[][] high;
  byte[][] isNull;
  byte[] status;
  /** The key vectors of the current rows (read for UTF8 keys), borrowed. */
  final FieldVector[] vectors;

  KeyBuffer(JoinKeys keys, boolean leftSide) {
    this.keys = keys;
    this.leftSide = leftSide;
    this.values = new long[keys.count][0];
    this.high = new long[keys.count][0];
    this.isNull = new byte[keys.count][0];
    this.status = new byte[0];
    this.vectors = new FieldVector[keys.count];
  }

  JoinKeys keys() {
    return keys;
  }

  /** Normalizes the first {@code rows} rows of the key vectors (one per key, in key order). */
  void load(FieldVector[] keyVectors, int rows) {
    this.rows = rows;
    if (status.length < rows) {
      int cap = Math.max(rows, status.length + (status.length >> 1));
      status = new byte[cap];
      for (int c = 0; c < keys.count; c++) {
        isNull[c] = new byte[cap];
        if (keys.kinds[c] != JoinKeys.Kind.UTF8) {
          values[c] = new long[cap];
        }
        if (keys.kinds[c] == JoinKeys.Kind.WIDE) {
          high[c] = new long[cap];
        }
      }
    } else {
      java.util.Arrays.fill(status, 0, rows, OK);
    }
    for (int c = 0; c < keys.count; c++) {
      FieldVector v = keyVectors[c];
      vectors[c] = v;
      readNulls(v, rows, isNull[c]);
      byte nullStatus = keys.nullSafe[c] ? OK : NULL_KEY;
      switch (keys.kinds[c]) {
        case LONG -> readLong(v, rows, values[c], leftSide ? keys.leftMultiplier[c] : keys.rightMultiplier[c], isNull[c]);
        case WIDE -> readWide(v, rows, values[c], high[c]);
        case UTF8 -> { }
      }
      byte[] nulls = isNull[c];
      for (int r = 0; r < rows; r++) {
        if (nulls[r] != 0) {
          if (nullStatus == NULL_KEY) {
            status[r] = NULL_KEY;
          }
          if (values[c].length > 0) {
            values[c][r] = 0;
          }
        }
      }
    }
  }

  private static void readNulls(FieldVector v, int rows, byte[] out) {
    if (v.getNullCount() == 0) {
      java.util.Arrays.fill(out, 0, rows, (byte) 0);
      return;
    }
    ArrowBuf validity = v.getValidityBuffer();
    for (int r = 0; r < rows; r++) {
      out[r] = Bits.get(validity, r) ? (byte) 0 : (byte) 1;
    }
  }

  private void readLong(FieldVector v, int rows, long[] out, long multiplier, byte[] nulls) {
    if (v instanceof IntVector || v instanceof DateDayVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        out[r] = d.getInt((long) r << 2);
      }
    } else if (v instanceof BigIntVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        out[r] = d.getLong((long) r << 3);
      }
    } else if (v instanceof DecimalVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        out[r] = d.getLong((long) r << 4);
      }
    } else if (v instanceof Float8Vector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        // +0.0 folds -0.0 into 0.0; doubleToLongBits folds every NaN into one.
        out[r] = Double.doubleToLongBits(Double.longBitsToDouble(d.getLong((long) r << 3)) + 0.0);
      }
    } else if (v instanceof BitVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        out[r] = Bits.get(d, r) ? 1 : 0;
      }
    } else {
      throw BallistaException.unsupported("hash join key vector " + v.getField());
    }
    if (multiplier != 1) {
      for (int r = 0; r < rows; r++) {
        if (nulls[r] != 0) {
          out[r] = 0;
          continue;
        }
        long x = out[r];
        long y = x * multiplier;
        if (Math.multiplyHigh(x, multiplier) != (y >> 63)) {
          if (status[r] == OK) {
            status[r] = NO_MATCH;
          }
          y = 0;
        }
        out[r] = y;
      }
    }
  }

  private static void readWide(FieldVector v, int rows, long[] lo, long[] hi) {
    if (v instanceof DecimalVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        lo[r] = d.getLong((long) r << 4);
        hi[r] = d.getLong(((long) r << 4) + 8);
      }
    } else if (v instanceof IntVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        lo[r] = d.getInt((long) r << 2);
        hi[r] = lo[r] >> 63;
      }
    } else if (v instanceof BigIntVector) {
      ArrowBuf d = v.getDataBuffer();
      for (int r = 0; r < rows; r++) {
        lo[r] = d.getLong((long) r << 3);
        hi[r] = lo[r] >> 63;
      }
    } else {
      throw BallistaException.unsupported("hash join key vector " + v.getField());
    }
  }

  /** Whether row {@code a} of {@code x} and row {@code b} of {@code y} have equal keys (null-safe aware). */
  static boolean keysEqual(KeyBuffer x, int a, KeyBuffer y, int b) {
    JoinKeys k = x.keys;
    for (int c = 0; c < k.count; c++) {
      boolean na = x.isNull[c][a] != 0;
      boolean nb = y.isNull[c][b] != 0;
      if (na || nb) {
        if (na && nb && k.nullSafe[c]) {
          continue;
        }
        return false;
      }
      switch (k.kinds[c]) {
        case LONG -> {
          if (x.values[c][a] != y.values[c][b]) {
            return false;
          }
        }
        case WIDE -> {
          if (x.values[c][a] != y.values[c][b] || x.high[c][a] != y.high[c][b]) {
            return false;
          }
        }
        case UTF8 -> {
          ArrowBuf ox = x.vectors[c].getOffsetBuffer();
          ArrowBuf oy = y.vectors[c].getOffsetBuffer();
          long sa = ox.getInt((long) a << 2);
          long ea = ox.getInt(((long) a << 2) + 4);
          long sb = oy.getInt((long) b << 2);
          long eb = oy.getInt(((long) b << 2) + 4);
          if (ea - sa != eb - sb) {
            return false;
          }
          if (org.apache.arrow.memory.util.ByteFunctionHelpers.equal(
              ((VarCharVector) x.vectors[c]).getDataBuffer(), sa, ea,
              ((VarCharVector) y.vectors[c]).getDataBuffer(), sb, eb) == 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static final long NULL_HASH = 0x2545F4914F6CDD1DL;

  /** Fills {@code out[0..rows)} with a 64-bit hash of each row's keys (for rows with status OK). */
  void hashes(long[] out) {
    java.util.Arrays.fill(out, 0, rows, 0L);
    for (int c = 0; c < keys.count; c++) {
      byte[] nulls = isNull[c];
      switch (keys.kinds[c]) {
        case LONG -> {
          long[] v = values[c];
          for (int r = 0; r < rows; r++) {
            long h = nulls[r] != 0 ? NULL_HASH : mix(v[r]);
            out[r] = Long.rotateLeft(out[r], 29) * 0x9E3779B97F4A7C15L + h;
          }
        }
        case WIDE -> {
          long[] v = values[c];
          long[] w = high[c];
          for (int r = 0; r < rows; r++) {
            long h = nulls[r] != 0 ? NULL_HASH : mix(v[r] ^ Long.rotateLeft(mix(w[r]), 17));
            out[r] = Long.rotateLeft(out[r], 29) * 0x9E3779B97F4A7C15L + h;
          }
        }
        case UTF8 -> {
          VarCharVector vec = (VarCharVector) vectors[c];
          ArrowBuf off = vec.getOffsetBuffer();
          ArrowBuf data = vec.getDataBuffer();
          for (int r = 0; r < rows; r++) {
            long h;
            if (nulls[r] != 0) {
              h = NULL_HASH;
            } else {
              int s = off.getInt((long) r << 2);
              int e = off.getInt(((long) r << 2) + 4);
              h = hashBytes(data, s, e - s);
            }
            out[r] = Long.rotateLeft(out[r], 29) * 0x9E3779B97F4A7C15L + h;
          }
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      out[r] = mix(out[r]);
    }
  }

  static long hashBytes(ArrowBuf data, long start, int length) {
    long h = 0x27D4EB2F165667C5L ^ length;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ mix(data.getLong(start + i))) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int s = 0; i < length; i++, s += 8) {
      tail |= (data.getByte(start + i) & 0xFFL) << s;
    }
    return mix(h ^ tail);
  }

  /** The 64-bit finalizer of MurmurHash3. */
  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb53a20e9ab35L;
    x ^= x >>> 33;
    return x;
  }
}
