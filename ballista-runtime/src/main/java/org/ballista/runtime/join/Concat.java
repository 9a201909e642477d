package org.ballista.runtime.join;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.BallistaException;

/** Concatenates one column of several batches into a single new vector with bulk buffer copies. */
final class Concat {
  private Concat() {}

  /**
   * A new vector (owned by the caller, allocated from {@code allocator}) holding column {@code
   * column} of every batch in order; the batches are only read.
   */
  static FieldVector column(List<VectorSchemaRoot> batches, int column, Field field, BufferAllocator allocator) {
    long totalRows = 0;
    for (VectorSchemaRoot b : batches) {
      totalRows += b.getRowCount();
    }
    if (totalRows > Integer.MAX_VALUE - 8) {
      throw BallistaException.execution("join build side too large: " + totalRows + " rows");
    }
    int rows = (int) totalRows;
    FieldVector target = field.createVector(allocator);
    try {
      if (target instanceof NullVector nv) {
        nv.setValueCount(rows);
      } else if (target instanceof BitVector bits) {
        bits.allocateNew(Math.max(rows, 1));
        bits.getValidityBuffer().setZero(0, bits.getValidityBuffer().capacity());
        bits.getDataBuffer().setZero(0, bits.getDataBuffer().capacity());
        int base = 0;
        for (VectorSchemaRoot b : batches) {
          BitVector src = (BitVector) b.getVector(column);
          int n = b.getRowCount();
          copyValidity(src, n, bits.getValidityBuffer(), base);
          Bits.copy(src.getDataBuffer(), 0, bits.getDataBuffer(), base, n);
          base += n;
        }
        bits.setValueCount(rows);
      } else if (target instanceof VarCharVector varchar) {
        concatVarChar(batches, column, rows, varchar);
      } else if (target instanceof BaseFixedWidthVector fixed) {
        fixed.allocateNew(Math.max(rows, 1));
        fixed.getValidityBuffer().setZero(0, fixed.getValidityBuffer().capacity());
        int w = fixed.getTypeWidth();
        int base = 0;
        for (VectorSchemaRoot b : batches) {
          BaseFixedWidthVector src = (BaseFixedWidthVector) b.getVector(column);
          int n = b.getRowCount();
          if (n > 0) {
            fixed.getDataBuffer().setBytes((long) base * w, src.getDataBuffer(), 0, (long) n * w);
          }
          copyValidity(src, n, fixed.getValidityBuffer(), base);
          base += n;
        }
        fixed.setValueCount(rows);
      } else {
        throw BallistaException.unsupported("join: cannot collect vectors of type " + field.getType());
      }
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private static void copyValidity(FieldVector src, int n, ArrowBuf dst, int base) {
    if (n == 0) {
      return;
    }
    if (src.getNullCount() == 0) {
      Bits.setRange(dst, base, n);
    } else {
      Bits.copy(src.getValidityBuffer(), 0, dst, base, n);
    }
  }

  private static void concatVarChar(List<VectorSchemaRoot> batches, int column, int rows, VarCharVector target) {
    long bytes = 0;
    for (VectorSchemaRoot b : batches) {
      VarCharVector src = (VarCharVector) b.getVector(column);
      int n = b.getRowCount();
      if (n > 0) {
        bytes += src.getOffsetBuffer().getInt((long) n * 4) - src.getOffsetBuffer().getInt(0);
      }
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw BallistaException.execution("join build side string column exceeds 2 GiB");
    }
    target.allocateNew(Math.max(bytes, 1), Math.max(rows, 1));
    target.getValidityBuffer().setZero(0, target.getValidityBuffer().capacity());
    ArrowBuf dOff = target.getOffsetBuffer();
    long dData = target.getDataBuffer().memoryAddress();
    dOff.setInt(0, 0);
    int base = 0;
    int pos = 0;
    for (VectorSchemaRoot b : batches) {
      VarCharVector src = (VarCharVector) b.getVector(column);
      int n = b.getRowCount();
      if (n == 0) {
        continue;
      }
      ArrowBuf sOff = src.getOffsetBuffer();
      int first = sOff.getInt(0);
      int len = sOff.getInt((long) n * 4) - first;
      if (len > 0) {
        MemoryUtil.copyMemory(src.getDataBuffer().memoryAddress() + first, dData + pos, len);
      }
      int shift = pos - first;
      for (int i = 1; i <= n; i++) {
        dOff.setInt((long) (base + i) * 4, sOff.getInt((long) i * 4) + shift);
      }
      copyValidity(src, n, target.getValidityBuffer(), base);
      base += n;
      pos += len;
    }
    target.setLastSet(rows - 1);
    target.setValueCount(rows);
  }
}
