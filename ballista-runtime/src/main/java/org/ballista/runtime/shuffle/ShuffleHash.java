package org.ballista.runtime.shuffle;

import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.ballista.api.BallistaException;

/**
 * The shuffle hash: a 64-bit hash of SQL values that is <em>stable</em> — the same in every JVM, on
 * every platform and in every release that writes shuffle data a reader of another process might
 * combine with — so that both sides of a distributed join (or all tasks of an aggregation) send equal
 * keys to the same partition. Changing any constant or step here is a protocol change.
 *
 * <p>Equal SQL values hash equally regardless of the width they are stored in:
 *
 * <ul>
 *   <li>INT32, INT64 and DATE hash their value as a {@code long} ({@link #hashLong}); BOOL hashes
 *       {@code false} as 0 and {@code true} as 1.
 *   <li>DECIMAL hashes its unscaled value: as a {@code long} when it fits (always for precision ≤ 18,
 *       and for wider decimals whose value fits), else both 64-bit halves. The scale is NOT part of
 *       the hash: keys compared across a shuffle must have the same scale (the planner casts both
 *       sides of a join to one type), otherwise 1.5 (15, scale 1) and 1.50 (150, scale 2) would go
 *       to different partitions.
 *   <li>FLOAT64 hashes its IEEE bits after mapping -0.0 to 0.0 and every NaN to the canonical NaN.
 *   <li>UTF8 hashes its bytes ({@link #hashBytes}, a murmur/xxhash-style mixer written here, reading
 *       8 bytes at a time as little-endian words straight from the Arrow buffer).
 *   <li>NULL (any type, and the NULL type) hashes to {@link #NULL_HASH}.
 * </ul>
 *
 * Several key columns combine left to right with {@link #combine}. All methods are allocation-free.
 */
public final class ShuffleHash {
  private ShuffleHash() {}

  private static final long K1 = 0x9E3779B97F4A7C15L;
  private static final long K2 = 0xC2B2AE3D27D4EB4FL;
  private static final long K3 = 0x165667B19E3779F9L;
  private static final long LONG_SEED = 0x2545F4914F6CDD1DL;
  private static final long BYTES_SEED = 0x27D4EB2F165667C5L;
  private static final long WIDE_SEED = 0x94D049BB133111EBL;
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  /** The hash of a NULL key value. */
  public static final long NULL_HASH = 0x6A09E667F3BCC909L;

  /** Murmur3's 64-bit finalizer: every input bit affects every output bit. */
  static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** Hash of an integral value (INT32, INT64, DATE, BOOL as 0/1, DECIMAL unscaled that fits a long). */
  public static long hashLong(long value) {
    return fmix(value ^ LONG_SEED);
  }

  /** Hash of a DOUBLE: -0.0 equals 0.0 and all NaNs are equal. */
  public static long hashDouble(double value) {
    long bits = value == 0.0 ? 0L : Double.doubleToLongBits(value);
    return hashLong(bits);
  }

  /** Hash of a 128-bit two's complement value given as low and high words. */
  public static long hashWide(long low, long high) {
    if (high == (low >> 63)) {
      return hashLong(low);
    }
    return fmix(hashLong(low) ^ fmix(high ^ WIDE_SEED));
  }

  /** Combines the running hash of the previous key columns with the hash of the next column. */
  public static long combine(long previous, long next) {
    return fmix(Long.rotateLeft(previous, 23) * K1 + next);
  }

  /** Hash of {@code bytes} (e.g. a UTF-8 string); equal to {@link #hashBytes(ArrowBuf, long, int)}. */
  public static long hashBytes(byte[] bytes) {
    long h = BYTES_SEED ^ ((long) bytes.length * K1);
    int i = 0;
    int len = bytes.length;
    while (len - i >= 8) {
      long k = 0;
      for (int b = 7; b >= 0; b--) {
        k = (k << 8) | (bytes[i + b] & 0xFFL);
      }
      h = round(h, k);
      i += 8;
    }
    if (i < len) {
      long k = 0;
      for (int b = len - 1; b >= i; b--) {
        k = (k << 8) | (bytes[b] & 0xFFL);
      }
      h = round(h, k);
    }
    return fmix(h);
  }

  /** Hash of {@code length} bytes of {@code buf} starting at {@code start}. */
  public static long hashBytes(ArrowBuf buf, long start, int length) {
    long h = BYTES_SEED ^ ((long) length * K1);
    long i = start;
    long end = start + length;
    while (end - i >= 8) {
      long k = buf.getLong(i);
      h = round(h, LITTLE_ENDIAN ? k : Long.reverseBytes(k));
      i += 8;
    }
    if (i < end) {
      long k = 0;
      for (long b = end - 1; b >= i; b--) {
        k = (k << 8) | (buf.getByte(b) & 0xFFL);
      }
      h = round(h, k);
    }
    return fmix(h);
  }

  private static long round(long h, long k) {
    k *= K2;
    k = Long.rotateLeft(k, 31);
    k *= K1;
    return Long.rotateLeft(h ^ k, 27) * K1 + K3;
  }

  /**
   * Hashes the first {@code rows} values of {@code vector} into {@code hashes}: when {@code first}
   * the hashes are overwritten, else each is combined with the value's hash ({@link #combine}).
   *
   * @throws BallistaException UNSUPPORTED for a vector type the engine does not shuffle on
   */
  public static void hashColumn(FieldVector vector, int rows, long[] hashes, boolean first) {
    if (vector instanceof NullVector) {
      for (int i = 0; i < rows; i++) {
        hashes[i] = first ? NULL_HASH : combine(hashes[i], NULL_HASH);
      }
      return;
    }
    ArrowBuf validity = vector.getValidityBuffer();
    boolean hasNulls = vector.getNullCount() > 0;
    if (vector instanceof BigIntVector) {
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long h = hasNulls && isNull(validity, i) ? NULL_HASH : hashLong(data.getLong((long) i << 3));
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else if (vector instanceof IntVector || vector instanceof DateDayVector) {
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long h = hasNulls && isNull(validity, i) ? NULL_HASH : hashLong(data.getInt((long) i << 2));
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else if (vector instanceof DecimalVector) {
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long h;
        if (hasNulls && isNull(validity, i)) {
          h = NULL_HASH;
        } else {
          long at = (long) i << 4;
          h = hashWide(data.getLong(at), data.getLong(at + 8));
        }
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else if (vector instanceof Float8Vector) {
      ArrowBuf data = vector.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long h = hasNulls && isNull(validity, i)
            ? NULL_HASH : hashDouble(Double.longBitsToDouble(data.getLong((long) i << 3)));
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else if (vector instanceof BitVector) {
      ArrowBuf data = vector.getDataBuffer();
      long hFalse = hashLong(0);
      long hTrue = hashLong(1);
      for (int i = 0; i < rows; i++) {
        long h = hasNulls && isNull(validity, i) ? NULL_HASH : (isNull(data, i) ? hFalse : hTrue);
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else if (vector instanceof BaseVariableWidthVector var) {
      ArrowBuf offsets = var.getOffsetBuffer();
      ArrowBuf data = var.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long h;
        if (hasNulls && isNull(validity, i)) {
          h = NULL_HASH;
        } else {
          int start = offsets.getInt((long) i << 2);
          int end = offsets.getInt(((long) i + 1) << 2);
          h = hashBytes(data, start, end - start);
        }
        hashes[i] = first ? h : combine(hashes[i], h);
      }
    } else {
      throw new BallistaException(BallistaException.Kind.UNSUPPORTED,
          "cannot hash-partition on column " + vector.getField() + " of vector type " + vector.getClass().getSimpleName());
    }
  }

  /** Whether bit {@code i} of a bitmap is 0 (for validity: the value is NULL; for BOOL data: false). */
  private static boolean isNull(ArrowBuf bitmap, int i) {
    return ((bitmap.getByte(i >>> 3) >> (i & 7)) & 1) == 0;
  }
}
