package org.ballista.runtime.join;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;

/**
 * Bulk typed "take": builds a new vector whose row {@code k} is row {@code indices[offset + k]} of a
 * source vector, or NULL when that index is negative (or the source is {@code null}). Works on the
 * raw buffers (validity, data, offsets), no per-row objects. Supports every engine type: BitVector,
 * 4/8/16-byte fixed-width vectors (Int, Date, BigInt, Float8, Decimal), VarCharVector, NullVector.
 *
 * <p>The result is allocated from the given allocator, has the given field (its type must be the
 * source's type) and is owned by the caller.
 */
public final class Gather {
  private Gather() {}

  /**
   * Gathers {@code count} rows.
   *
   * @param source the vector to read, or null for an all-NULL result
   * @param sourceMayHaveNulls false when the caller knows the source has no NULLs (skips validity reads)
   */
  public static FieldVector gather(
      FieldVector source, boolean sourceMayHaveNulls, int[] indices, int offset, int count, Field field,
      BufferAllocator allocator) {
    FieldVector target = field.createVector(allocator);
    try {
      if (target instanceof NullVector nv) {
        nv.setValueCount(count);
      } else if (target instanceof BitVector bits) {
        gatherBits((BitVector) source, sourceMayHaveNulls, indices, offset, count, bits);
      } else if (target instanceof VarCharVector varchar) {
        gatherVarChar((VarCharVector) source, sourceMayHaveNulls, indices, offset, count, varchar);
      } else if (target instanceof BaseFixedWidthVector fixed) {
        gatherFixed((BaseFixedWidthVector) source, sourceMayHaveNulls, indices, offset, count, fixed);
      } else {
        throw BallistaException.unsupported("join: cannot gather vectors of type " + field.getType());
      }
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /** An all-NULL vector of {@code count} rows. */
  public static FieldVector nulls(Field field, int count, BufferAllocator allocator) {
    return gather(null, false, null, 0, count, field, allocator);
  }

  /**
   * A zero-copy view of rows {@code [start, start + count)} of {@code source}, renamed to {@code
   * field} (buffers are shared and retained; both vectors stay independently closeable).
   */
  public static FieldVector slice(FieldVector source, int start, int count, Field field, BufferAllocator allocator) {
    if (count == 0) {
      FieldVector empty = field.createVector(allocator);
      empty.allocateNew();
      empty.setValueCount(0);
      return empty;
    }
    TransferPair pair = source.getTransferPair(field, allocator);
    pair.splitAndTransfer(start, count);
    return (FieldVector) pair.getTo();
  }

  /** Whether {@code indices[offset..offset+count)} is {@code i, i+1, ...} for some {@code i >= 0}. */
  public static boolean isRun(int[] indices, int offset, int count) {
    if (count == 0) {
      return false;
    }
    int first = indices[offset];
    if (first < 0) {
      return false;
    }
    for (int k = 1; k < count; k++) {
      if (indices[offset + k] != first + k) {
        return false;
      }
    }
    return true;
  }

  private static void writeValidity(
      ArrowBuf srcValidity, boolean srcNulls, int[] indices, int offset, int count, ArrowBuf dst) {
    if (indices == null) {
      dst.setZero(0, Bits.bytesFor(count));
      return;
    }
    if (!srcNulls) {
      boolean allPresent = true;
      for (int k = 0; k < count; k++) {
        allPresent &= indices[offset + k] >= 0;
      }
      if (allPresent) {
        dst.setZero(0, Bits.bytesFor(count));
        Bits.setRange(dst, 0, count);
        return;
      }
    }
    int bits = 0;
    for (int k = 0; k < count; k++) {
      int i = indices[offset + k];
      if (i >= 0 && (!srcNulls || Bits.get(srcValidity, i))) {
        bits |= 1 << (k & 7);
      }
      if ((k & 7) == 7) {
        dst.setByte(k >>> 3, bits);
        bits = 0;
      }
    }
    if ((count & 7) != 0) {
      dst.setByte(count >>> 3, bits);
    }
  }

  private static void gatherFixed(
      BaseFixedWidthVector src, boolean srcNulls, int[] idx, int off, int n, BaseFixedWidthVector dst) {
    dst.allocateNew(Math.max(n, 1));
    if (src == null) {
      writeValidity(null, false, null, 0, n, dst.getValidityBuffer());
      dst.setValueCount(n);
      return;
    }
    if (src.getTypeWidth() != dst.getTypeWidth()) {
      throw BallistaException.internal("join gather: width mismatch " + src.getField() + " vs " + dst.getField(), null);
    }
    ArrowBuf sd = src.getDataBuffer();
    ArrowBuf dd = dst.getDataBuffer();
    switch (dst.getTypeWidth()) {
      case 4 -> {
        for (int k = 0; k < n; k++) {
          int i = idx[off + k];
          if (i >= 0) {
            dd.setInt((long) k << 2, sd.getInt((long) i << 2));
          }
        }
      }
      case 8 -> {
        for (int k = 0; k < n; k++) {
          int i = idx[off + k];
          if (i >= 0) {
            dd.setLong((long) k << 3, sd.getLong((long) i << 3));
          }
        }
      }
      case 16 -> {
        for (int k = 0; k < n; k++) {
          int i = idx[off + k];
          if (i >= 0) {
            long s = (long) i << 4;
            long d = (long) k << 4;
            dd.setLong(d, sd.getLong(s));
            dd.setLong(d + 8, sd.getLong(s + 8));
          }
        }
      }
      default -> {
        int w = dst.getTypeWidth();
        for (int k = 0; k < n; k++) {
          int i = idx[off + k];
          if (i >= 0) {
            dd.setBytes((long) k * w, sd, (long) i * w, w);
          }
        }
      }
    }
    writeValidity(src.getValidityBuffer(), srcNulls, idx, off, n, dst.getValidityBuffer());
    dst.setValueCount(n);
  }

  private static void gatherBits(BitVector src, boolean srcNulls, int[] idx, int off, int n, BitVector dst) {
    dst.allocateNew(Math.max(n, 1));
    if (src == null) {
      writeValidity(null, false, null, 0, n, dst.getValidityBuffer());
      dst.getDataBuffer().setZero(0, Bits.bytesFor(n));
      dst.setValueCount(n);
      return;
    }
    ArrowBuf sd = src.getDataBuffer();
    ArrowBuf dd = dst.getDataBuffer();
    int bits = 0;
    for (int k = 0; k < n; k++) {
      int i = idx[off + k];
      if (i >= 0 && Bits.get(sd, i)) {
        bits |= 1 << (k & 7);
      }
      if ((k & 7) == 7) {
        dd.setByte(k >>> 3, bits);
        bits = 0;
      }
    }
    if ((n & 7) != 0) {
      dd.setByte(n >>> 3, bits);
    }
    writeValidity(src.getValidityBuffer(), srcNulls, idx, off, n, dst.getValidityBuffer());
    dst.setValueCount(n);
  }

  private static void gatherVarChar(VarCharVector src, boolean srcNulls, int[] idx, int off, int n, VarCharVector dst) {
    if (src == null) {
      dst.allocateNew(1, Math.max(n, 1));
      writeValidity(null, false, null, 0, n, dst.getValidityBuffer());
      dst.getOffsetBuffer().setZero(0, (long) (n + 1) * 4);
      dst.setLastSet(n - 1);
      dst.setValueCount(n);
      return;
    }
    ArrowBuf so = src.getOffsetBuffer();
    ArrowBuf sv = src.getValidityBuffer();
    long total = 0;
    for (int k = 0; k < n; k++) {
      int i = idx[off + k];
      if (i >= 0 && (!srcNulls || Bits.get(sv, i))) {
        long o = (long) i << 2;
        total += so.getInt(o + 4) - so.getInt(o);
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw BallistaException.execution("join: output string column exceeds 2 GiB in one batch");
    }
    dst.allocateNew(Math.max(total, 1), Math.max(n, 1));
    long srcData = src.getDataBuffer().memoryAddress();
    long dstData = dst.getDataBuffer().memoryAddress();
    ArrowBuf dOff = dst.getOffsetBuffer();
    dOff.setInt(0, 0);
    int pos = 0;
    for (int k = 0; k < n; k++) {
      int i = idx[off + k];
      if (i >= 0 && (!srcNulls || Bits.get(sv, i))) {
        long o = (long) i << 2;
        int start = so.getInt(o);
        int len = so.getInt(o + 4) - start;
        if (len > 0) {
          MemoryUtil.copyMemory(srcData + start, dstData + pos, len);
          pos += len;
        }
      }
      dOff.setInt((long) (k + 1) << 2, pos);
    }
    writeValidity(sv, srcNulls, idx, off, n, dst.getValidityBuffer());
    dst.setLastSet(n - 1);
    dst.setValueCount(n);
  }
}
