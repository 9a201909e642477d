package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.ballista.api.types.DataType;

/**
 * Row-wise selection among vectors of one type aligned on the same rows: row i of the result is row
 * i of {@code sources[picks[i]]}, or NULL when {@code picks[i] < 0}. Used by CASE, COALESCE, NULLIF.
 */
final class Merge {
  private Merge() {}

  static FieldVector select(DataType type, FieldVector[] sources, int[] picks, int n, BufferAllocator allocator) {
    long[] valid = new long[Bitmaps.words(n)];
    long[][] srcValid = new long[sources.length][];
    boolean[] loaded = new boolean[sources.length];
    for (int i = 0; i < n; i++) {
      int p = picks[i];
      if (p >= 0) {
        if (!loaded[p]) {
          srcValid[p] = Bitmaps.validity(sources[p], n);
          loaded[p] = true;
        }
        if (Bitmaps.get(srcValid[p], i)) {
          Bitmaps.set(valid, i);
        }
      }
    }
    if (type instanceof DataType.Utf8) {
      Utf8Builder out = new Utf8Builder(allocator, n, n * 8L);
      try {
        for (int i = 0; i < n; i++) {
          int p = picks[i];
          if (p >= 0 && Bitmaps.get(valid, i)) {
            VarCharVector s = (VarCharVector) sources[p];
            int start = s.getOffsetBuffer().getInt((long) i << 2);
            int end = s.getOffsetBuffer().getInt(((long) i + 1) << 2);
            out.append(s.getDataBuffer(), start, end - start);
          }
          out.endRow(i);
        }
        return out.finish(valid, n);
      } finally {
        out.close();
      }
    }
    FieldVector out = Results.allocate(type, n, allocator);
    try {
      if (out instanceof NullVector) {
        out.setValueCount(n);
        return out;
      }
      ArrowBuf o = out.getDataBuffer();
      ArrowBuf[] data = new ArrowBuf[sources.length];
      for (int k = 0; k < sources.length; k++) {
        data[k] = sources[k] == null || sources[k] instanceof NullVector ? null : sources[k].getDataBuffer();
      }
      if (out instanceof BitVector) {
        long[] bits = new long[Bitmaps.words(n)];
        for (int i = 0; i < n; i++) {
          int p = picks[i];
          if (p >= 0 && data[p] != null && (data[p].getByte(i >>> 3) >> (i & 7) & 1) != 0) {
            Bitmaps.set(bits, i);
          }
        }
        Bitmaps.store(bits, o, n);
      } else {
        int width = ((BaseFixedWidthVector) out).getTypeWidth();
        for (int i = 0; i < n; i++) {
          int p = picks[i];
          if (p < 0 || data[p] == null) {
            continue;
          }
          ArrowBuf d = data[p];
          switch (width) {
            case 4 -> o.setInt((long) i << 2, d.getInt((long) i << 2));
            case 8 -> o.setLong((long) i << 3, d.getLong((long) i << 3));
            default -> {
              long off = (long) i * width;
              o.setBytes(off, d, off, width);
            }
          }
        }
      }
      return Results.finish(out, valid, n);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
