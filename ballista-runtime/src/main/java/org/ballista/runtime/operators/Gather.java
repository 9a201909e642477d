package org.ballista.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;

/**
 * Copies selected rows of one or more source vectors into new vectors (a "take"/"gather").
 *
 * <p>Output row {@code i} (for {@code i} in {@code [0, count)}) is row {@code rows[from + i]} of
 * source {@code sourceIds[from + i]}; when {@code sourceIds} is {@code null} every row comes from
 * source 0. All sources of one column must have the same Arrow type. The engine's vector types
 * (BitVector, IntVector, BigIntVector, Float8Vector, DecimalVector, DateDayVector, VarCharVector,
 * NullVector) are copied through their raw buffers; any other type falls back to {@code
 * copyFromSafe}. Sources are only read; the result is allocated from {@code allocator} and owned by
 * the caller.
 */
public final class Gather {
  private Gather() {}

  /** Gathers every column of {@code sources} (batches of one schema) into a new batch of {@code schema}. */
  public static VectorSchemaRoot gather(
      Schema schema,
      List<VectorSchemaRoot> sources,
      int[] sourceIds,
      int[] rows,
      int from,
      int count,
      BufferAllocator allocator) {
    int columns = schema.getFields().size();
    List<FieldVector> out = new ArrayList<>(columns);
    try {
      FieldVector[] column = new FieldVector[sources.size()];
      for (int c = 0; c < columns; c++) {
        for (int s = 0; s < column.length; s++) {
          column[s] = sources.get(s).getVector(c);
        }
        out.add(gather(schema.getFields().get(c), column, sourceIds, rows, from, count, allocator));
      }
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(schema, out, count);
  }

  /** Gathers one column; {@code field} names the result (its type must match the sources'). */
  public static FieldVector gather(
      Field field,
      FieldVector[] sources,
      int[] sourceIds,
      int[] rows,
      int from,
      int count,
      BufferAllocator allocator) {
    FieldVector out = field.createVector(allocator);
    try {
      if (out instanceof NullVector nv) {
        nv.setValueCount(count);
      } else if (out instanceof BitVector bv) {
        gatherBits(bv, sources, sourceIds, rows, from, count);
      } else if (out instanceof IntVector || out instanceof DateDayVector) {
        gatherFixed(out, 4, sources, sourceIds, rows, from, count);
      } else if (out instanceof BigIntVector || out instanceof Float8Vector) {
        gatherFixed(out, 8, sources, sourceIds, rows, from, count);
      } else if (out instanceof DecimalVector) {
        gatherFixed(out, 16, sources, sourceIds, rows, from, count);
      } else if (out instanceof VarCharVector vv) {
        gatherVarChar(vv, sources, sourceIds, rows, from, count);
      } else {
        gatherGeneric(out, sources, sourceIds, rows, from, count);
      }
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  private static boolean[] nullable(FieldVector[] sources) {
    boolean[] hasNulls = new boolean[sources.length];
    for (int s = 0; s < sources.length; s++) {
      hasNulls[s] = sources[s].getValueCount() > 0 && sources[s].getNullCount() > 0;
    }
    return hasNulls;
  }

  private static boolean any(boolean[] flags) {
    for (boolean f : flags) {
      if (f) {
        return true;
      }
    }
    return false;
  }

  private static ArrowBuf[] validity(FieldVector[] sources) {
    ArrowBuf[] bufs = new ArrowBuf[sources.length];
    for (int s = 0; s < sources.length; s++) {
      bufs[s] = sources[s].getValidityBuffer();
    }
    return bufs;
  }

  private static ArrowBuf[] data(FieldVector[] sources) {
    ArrowBuf[] bufs = new ArrowBuf[sources.length];
    for (int s = 0; s < sources.length; s++) {
      bufs[s] = sources[s].getDataBuffer();
    }
    return bufs;
  }

  /** Sets the first {@code count} validity bits of {@code validity} (which was zeroed). */
  private static void setAllValid(ArrowBuf validity, int count) {
    int fullBytes = count >>> 3;
    if (fullBytes > 0) {
      validity.setOne(0L, (long) fullBytes);
    }
    for (int i = fullBytes << 3; i < count; i++) {
      BitVectorHelper.setBit(validity, i);
    }
  }

  private static void gatherFixed(
      FieldVector out, int width, FieldVector[] sources, int[] sourceIds, int[] rows, int from, int count) {
    BaseFixedWidthVector dst = (BaseFixedWidthVector) out;
    dst.allocateNew(Math.max(count, 1));
    ArrowBuf outData = dst.getDataBuffer();
    ArrowBuf outValid = dst.getValidityBuffer();
    outValid.setZero(0, outValid.capacity());
    ArrowBuf[] data = data(sources);
    ArrowBuf[] valid = validity(sources);
    boolean[] hasNulls = nullable(sources);
    boolean anyNulls = any(hasNulls);
    for (int i = 0; i < count; i++) {
      int s = sourceIds == null ? 0 : sourceIds[from + i];
      int r = rows[from + i];
      ArrowBuf src = data[s];
      switch (width) {
        case 4 -> outData.setInt((long) i * 4, src.getInt((long) r * 4));
        case 8 -> outData.setLong((long) i * 8, src.getLong((long) r * 8));
        default -> {
          long si = (long) r * 16;
          long di = (long) i * 16;
          outData.setLong(di, src.getLong(si));
          outData.setLong(di + 8, src.getLong(si + 8));
        }
      }
      if (anyNulls && (!hasNulls[s] || BitVectorHelper.get(valid[s], r) != 0)) {
        BitVectorHelper.setBit(outValid, i);
      }
    }
    if (!anyNulls) {
      setAllValid(outValid, count);
    }
    dst.setValueCount(count);
  }

  private static void gatherBits(
      BitVector dst, FieldVector[] sources, int[] sourceIds, int[] rows, int from, int count) {
    dst.allocateNew(Math.max(count, 1));
    ArrowBuf outData = dst.getDataBuffer();
    ArrowBuf outValid = dst.getValidityBuffer();
    outData.setZero(0, outData.capacity());
    outValid.setZero(0, outValid.capacity());
    ArrowBuf[] data = data(sources);
    ArrowBuf[] valid = validity(sources);
    boolean[] hasNulls = nullable(sources);
    boolean anyNulls = any(hasNulls);
    for (int i = 0; i < count; i++) {
      int s = sourceIds == null ? 0 : sourceIds[from + i];
      int r = rows[from + i];
      if (BitVectorHelper.get(data[s], r) != 0) {
        BitVectorHelper.setBit(outData, i);
      }
      if (anyNulls && (!hasNulls[s] || BitVectorHelper.get(valid[s], r) != 0)) {
        BitVectorHelper.setBit(outValid, i);
      }
    }
    if (!anyNulls) {
      setAllValid(outValid, count);
    }
    dst.setValueCount(count);
  }

  private static void gatherVarChar(
      VarCharVector dst, FieldVector[] sources, int[] sourceIds, int[] rows, int from, int count) {
    ArrowBuf[] data = data(sources);
    ArrowBuf[] valid = validity(sources);
    ArrowBuf[] offsets = new ArrowBuf[sources.length];
    for (int s = 0; s < sources.length; s++) {
      offsets[s] = sources[s].getOffsetBuffer();
    }
    boolean[] hasNulls = nullable(sources);
    boolean anyNulls = any(hasNulls);
    long total = 0;
    for (int i = 0; i < count; i++) {
      int s = sourceIds == null ? 0 : sourceIds[from + i];
      int r = rows[from + i];
      if (!hasNulls[s] || BitVectorHelper.get(valid[s], r) != 0) {
        ArrowBuf off = offsets[s];
        total += off.getInt((long) (r + 1) * 4) - off.getInt((long) r * 4);
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw BallistaException.unsupported(
          "VARCHAR column " + dst.getName() + ": " + total + " bytes in one batch exceed 2 GiB");
    }
    dst.allocateNew(Math.max(total, 1L), Math.max(count, 1));
    ArrowBuf outData = dst.getDataBuffer();
    ArrowBuf outOffsets = dst.getOffsetBuffer();
    ArrowBuf outValid = dst.getValidityBuffer();
    outValid.setZero(0, outValid.capacity());
    int pos = 0;
    outOffsets.setInt(0, 0);
    for (int i = 0; i < count; i++) {
      int s = sourceIds == null ? 0 : sourceIds[from + i];
      int r = rows[from + i];
      if (!hasNulls[s] || BitVectorHelper.get(valid[s], r) != 0) {
        ArrowBuf off = offsets[s];
        int start = off.getInt((long) r * 4);
        int len = off.getInt((long) (r + 1) * 4) - start;
        if (len > 0) {
          outData.setBytes(pos, data[s], start, len);
          pos += len;
        }
        if (anyNulls) {
          BitVectorHelper.setBit(outValid, i);
        }
      }
      outOffsets.setInt((long) (i + 1) * 4, pos);
    }
    if (!anyNulls) {
      setAllValid(outValid, count);
    }
    dst.setLastSet(count - 1);
    dst.setValueCount(count);
  }

  private static void gatherGeneric(
      FieldVector dst, FieldVector[] sources, int[] sourceIds, int[] rows, int from, int count) {
    dst.allocateNew();
    for (int i = 0; i < count; i++) {
      int s = sourceIds == null ? 0 : sourceIds[from + i];
      dst.copyFromSafe(rows[from + i], i, sources[s]);
    }
    dst.setValueCount(count);
  }
}
