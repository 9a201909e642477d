package org.ballista.runtime.vector;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;

/**
 * Gathers rows by index ("take"), the one row-copying kernel of the engine (filters, sort output,
 * join output).
 *
 * <p>Output row {@code j} (for {@code j} in {@code [0, count)}) is row {@code rows[from + j]} of
 * source {@code sourceIds[from + j]}, or of the single source when there is one (or {@code
 * sourceIds} is {@code null}); a negative row index makes that output row NULL (the padded side of
 * outer joins). All sources of one column must have the result field's Arrow type.
 *
 * <p>Works on every vector type the engine uses, with typed copies of the raw buffers (no per-row
 * objects): bit gathers for BOOL, 4/8/16-byte word copies for fixed-width values, offset-and-bytes
 * copies for VARCHAR, validity written 64 rows at a time. Runs of consecutive rows of one source
 * (which filters keep) are copied in bulk. Other vector types fall back to {@code copyFromSafe}.
 * Sources are only read, never modified or closed; results are new vectors allocated from the given
 * allocator and owned by the caller.
 */
public final class VectorTake {
  /** Runs at least this long are copied with one bulk copy instead of value by value. */
  private static final int BULK_RUN = 8;

  private VectorTake() {}

  /** A new batch with {@code count} rows of {@code batch}: row j is {@code batch[rowIndexes[j]]}. */
  public static VectorSchemaRoot take(VectorSchemaRoot batch, int[] rowIndexes, int count, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(batch.getFieldVectors().size());
    try {
      for (FieldVector v : batch.getFieldVectors()) {
        out.add(take(v, rowIndexes, count, allocator));
      }
      return new VectorSchemaRoot(batch.getSchema(), out, count);
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
  }

  /** A new vector (same field) with {@code count} values gathered from {@code source}. */
  public static FieldVector take(FieldVector source, int[] rowIndexes, int count, BufferAllocator allocator) {
    return take(source, source.getNullCount() > 0, rowIndexes, 0, count, source.getField(), allocator);
  }

  /**
   * A new vector named by {@code field} (whose type must be the source's) with row {@code j} =
   * row {@code rowIndexes[from + j]} of {@code source}.
   *
   * @param source the vector to read, or {@code null} for an all-NULL result
   * @param mayHaveNulls false when the caller knows the source has no NULLs (skips validity reads;
   *     lets callers holding large sources avoid recounting their NULLs on every call)
   */
  public static FieldVector take(FieldVector source, boolean mayHaveNulls, int[] rowIndexes, int from, int count,
      Field field, BufferAllocator allocator) {
    if (source == null) {
      return nulls(field, count, allocator);
    }
    return gather(field, new FieldVector[] {source}, new boolean[] {mayHaveNulls}, null, rowIndexes, from, count,
        allocator);
  }

  /**
   * Gathers every column of {@code sources} (batches of one schema) into a new batch of {@code
   * schema}: row j is row {@code rows[from + j]} of batch {@code sourceIds[from + j]} ({@code
   * sourceIds} may be {@code null} when every row comes from batch 0).
   */
  public static VectorSchemaRoot take(Schema schema, List<VectorSchemaRoot> sources, int[] sourceIds, int[] rows,
      int from, int count, BufferAllocator allocator) {
    int columns = schema.getFields().size();
    List<FieldVector> out = new ArrayList<>(columns);
    try {
      FieldVector[] column = new FieldVector[sources.size()];
      for (int c = 0; c < columns; c++) {
        for (int s = 0; s < column.length; s++) {
          column[s] = sources.get(s).getVector(c);
        }
        out.add(take(schema.getFields().get(c), column, sourceIds, rows, from, count, allocator));
      }
    } catch (RuntimeException | Error e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(schema, out, count);
  }

  /** Gathers one column from several sources; {@code field} names the result. */
  public static FieldVector take(Field field, FieldVector[] sources, int[] sourceIds, int[] rows, int from, int count,
      BufferAllocator allocator) {
    boolean[] mayHaveNulls = new boolean[sources.length];
    for (int s = 0; s < sources.length; s++) {
      mayHaveNulls[s] = sources[s].getValueCount() > 0 && sources[s].getNullCount() > 0;
    }
    return gather(field, sources, mayHaveNulls, sourceIds, rows, from, count, allocator);
  }

  /** An all-NULL vector of {@code count} rows (any engine type). */
  public static FieldVector nulls(Field field, int count, BufferAllocator allocator) {
    FieldVector out = field.createVector(allocator);
    try {
      if (out instanceof BaseVariableWidthVector var) {
        var.allocateNew(1, Math.max(count, 1));
        var.getOffsetBuffer().setZero(0, ((long) count + 1) << 2);
        var.getValidityBuffer().setZero(0, var.getValidityBuffer().capacity());
        var.setLastSet(count - 1);
      } else if (out instanceof BaseFixedWidthVector fixed) {
        fixed.allocateNew(Math.max(count, 1));
        fixed.getDataBuffer().setZero(0, fixed.getDataBuffer().capacity());
        fixed.getValidityBuffer().setZero(0, fixed.getValidityBuffer().capacity());
      } else if (!(out instanceof NullVector)) {
        throw BallistaException.unsupported("cannot build NULLs of type " + field.getType());
      }
      out.setValueCount(count);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
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

  /** Whether {@code indices[from..from+count)} is {@code i, i+1, ...} for some {@code i >= 0}. */
  public static boolean isRun(int[] indices, int from, int count) {
    if (count == 0) {
      return false;
    }
    int first = indices[from];
    if (first < 0) {
      return false;
    }
    for (int k = 1; k < count; k++) {
      if (indices[from + k] != first + k) {
        return false;
      }
    }
    return true;
  }

  private static FieldVector gather(Field field, FieldVector[] sources, boolean[] mayHaveNulls, int[] ids, int[] rows,
      int from, int count, BufferAllocator allocator) {
    if (from < 0 || count < 0 || from + count > rows.length) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + (from + count) + ") exceed " + rows.length + " indexes");
    }
    FieldVector out = field.createVector(allocator);
    try {
      if (out instanceof NullVector) {
        out.setValueCount(count);
        return out;
      }
      if (out instanceof BitVector bits) {
        bits.allocateNew(Math.max(count, 1));
        gatherBits(buffers(sources, false), ids, rows, from, count, bits.getDataBuffer());
      } else if (out instanceof BaseFixedWidthVector fixed) {
        int width = fixed.getTypeWidth();
        for (FieldVector s : sources) {
          if (!(s instanceof BaseFixedWidthVector f) || f.getTypeWidth() != width) {
            throw BallistaException.internal("take: cannot gather " + s.getField() + " into " + field, null);
          }
        }
        fixed.allocateNew(Math.max(count, 1));
        gatherFixed(buffers(sources, false), width, ids, rows, from, count, fixed.getDataBuffer());
      } else if (out instanceof BaseVariableWidthVector var) {
        gatherVariable(sources, ids, rows, from, count, var);
      } else {
        out.allocateNew();
        for (int j = 0; j < count; j++) {
          int i = rows[from + j];
          if (i >= 0) {
            out.copyFromSafe(i, j, sources[ids == null ? 0 : ids[from + j]]);
          }
        }
        out.setValueCount(count);
        return out;
      }
      ArrowBuf[] validity = buffers(sources, true);
      for (int s = 0; s < sources.length; s++) {
        if (!mayHaveNulls[s]) {
          validity[s] = null;
        }
      }
      writeValidity(validity, ids, rows, from, count, out.getValidityBuffer());
      out.setValueCount(count);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  private static ArrowBuf[] buffers(FieldVector[] sources, boolean validity) {
    ArrowBuf[] bufs = new ArrowBuf[sources.length];
    for (int s = 0; s < sources.length; s++) {
      bufs[s] = validity ? sources[s].getValidityBuffer() : sources[s].getDataBuffer();
    }
    return bufs;
  }

  /**
   * Length of the run of consecutive rows of one source starting at output position {@code j}
   * (whose row index is non-negative).
   */
  private static int runLength(int[] ids, int[] rows, int from, int j, int count) {
    int at = from + j;
    int end = from + count;
    int i = rows[at];
    int run = 1;
    if (ids == null) {
      while (at + run < end && rows[at + run] == i + run) {
        run++;
      }
    } else {
      int s = ids[at];
      while (at + run < end && rows[at + run] == i + run && ids[at + run] == s) {
        run++;
      }
    }
    return run;
  }

  private static void storeWord(ArrowBuf dst, int base, int bits, long word) {
    long at = base >>> 3;
    if (bits == 64) {
      dst.setLong(at, word);
    } else {
      for (int b = 0; b < (bits + 7) >>> 3; b++) {
        dst.setByte(at + b, (byte) (word >>> (b << 3)));
      }
    }
  }

  private static long bit(ArrowBuf buf, int i) {
    return (buf.getByte(i >>> 3) >> (i & 7)) & 1;
  }

  private static void gatherBits(ArrowBuf[] src, int[] ids, int[] rows, int from, int count, ArrowBuf dst) {
    ArrowBuf only = src[0];
    for (int base = 0; base < count; base += 64) {
      int end = Math.min(count, base + 64);
      long word = 0;
      for (int j = base; j < end; j++) {
        int i = rows[from + j];
        if (i >= 0) {
          word |= bit(ids == null ? only : src[ids[from + j]], i) << (j - base);
        }
      }
      storeWord(dst, base, end - base, word);
    }
  }

  /** Validity of the result; {@code valid[s]} is {@code null} when source s has no NULLs. */
  private static void writeValidity(ArrowBuf[] valid, int[] ids, int[] rows, int from, int count, ArrowBuf dst) {
    boolean anyNulls = false;
    for (ArrowBuf v : valid) {
      anyNulls |= v != null;
    }
    for (int base = 0; base < count; base += 64) {
      int end = Math.min(count, base + 64);
      long word = 0;
      if (!anyNulls) {
        for (int j = base; j < end; j++) {
          if (rows[from + j] >= 0) {
            word |= 1L << (j - base);
          }
        }
      } else if (ids == null) {
        ArrowBuf v = valid[0];
        for (int j = base; j < end; j++) {
          int i = rows[from + j];
          if (i >= 0) {
            word |= bit(v, i) << (j - base);
          }
        }
      } else {
        for (int j = base; j < end; j++) {
          int i = rows[from + j];
          if (i >= 0) {
            ArrowBuf v = valid[ids[from + j]];
            word |= (v == null ? 1L : bit(v, i)) << (j - base);
          }
        }
      }
      storeWord(dst, base, end - base, word);
    }
  }

  /**
   * Length of the run starting at {@code rows[at] = i} when it is at least {@link #BULK_RUN} long,
   * else 0. Rejects most non-runs with one look at the row {@code BULK_RUN - 1} places ahead, so
   * random gathers pay one load and compare per row.
   */
  private static int bulkRun(int[] ids, int[] rows, int from, int j, int count, int i) {
    int ahead = from + j + BULK_RUN - 1;
    if (j + BULK_RUN > count || rows[ahead] != i + BULK_RUN - 1) {
      return 0;
    }
    int run = runLength(ids, rows, from, j, count);
    return run >= BULK_RUN ? run : 0;
  }

  /**
   * Fixed-width values, one loop per width (the per-row path of random gathers is the hot one).
   * Rows with a negative index are skipped: {@code allocateNew} zeroed the data buffer.
   */
  private static void gatherFixed(ArrowBuf[] data, int width, int[] ids, int[] rows, int from, int count,
      ArrowBuf dst) {
    ArrowBuf only = data[0];
    int j = 0;
    switch (width) {
      case 4 -> {
        while (j < count) {
          int i = rows[from + j];
          if (i >= 0) {
            ArrowBuf src = ids == null ? only : data[ids[from + j]];
            int run = bulkRun(ids, rows, from, j, count, i);
            if (run > 0) {
              dst.setBytes((long) j << 2, src, (long) i << 2, (long) run << 2);
              j += run;
              continue;
            }
            dst.setInt((long) j << 2, src.getInt((long) i << 2));
          }
          j++;
        }
      }
      case 8 -> {
        while (j < count) {
          int i = rows[from + j];
          if (i >= 0) {
            ArrowBuf src = ids == null ? only : data[ids[from + j]];
            int run = bulkRun(ids, rows, from, j, count, i);
            if (run > 0) {
              dst.setBytes((long) j << 3, src, (long) i << 3, (long) run << 3);
              j += run;
              continue;
            }
            dst.setLong((long) j << 3, src.getLong((long) i << 3));
          }
          j++;
        }
      }
      case 16 -> {
        while (j < count) {
          int i = rows[from + j];
          if (i >= 0) {
            ArrowBuf src = ids == null ? only : data[ids[from + j]];
            int run = bulkRun(ids, rows, from, j, count, i);
            if (run > 0) {
              dst.setBytes((long) j << 4, src, (long) i << 4, (long) run << 4);
              j += run;
              continue;
            }
            long o = (long) j << 4;
            long at = (long) i << 4;
            dst.setLong(o, src.getLong(at));
            dst.setLong(o + 8, src.getLong(at + 8));
          }
          j++;
        }
      }
      default -> {
        while (j < count) {
          int i = rows[from + j];
          if (i >= 0) {
            ArrowBuf src = ids == null ? only : data[ids[from + j]];
            int run = Math.max(1, bulkRun(ids, rows, from, j, count, i));
            dst.setBytes((long) j * width, src, (long) i * width, (long) run * width);
            j += run;
            continue;
          }
          j++;
        }
      }
    }
  }

  private static void gatherVariable(FieldVector[] sources, int[] ids, int[] rows, int from, int count,
      BaseVariableWidthVector out) {
    ArrowBuf[] offsets = new ArrowBuf[sources.length];
    ArrowBuf[] data = new ArrowBuf[sources.length];
    for (int s = 0; s < sources.length; s++) {
      if (!(sources[s] instanceof BaseVariableWidthVector)) {
        throw BallistaException.internal("take: cannot gather " + sources[s].getField() + " into " + out.getField(),
            null);
      }
      offsets[s] = sources[s].getOffsetBuffer();
      data[s] = sources[s].getDataBuffer();
    }
    long total = 0;
    for (int j = 0; j < count; ) {
      int i = rows[from + j];
      if (i < 0) {
        j++;
        continue;
      }
      int run = runLength(ids, rows, from, j, count);
      ArrowBuf so = offsets[ids == null ? 0 : ids[from + j]];
      total += so.getInt(((long) i + run) << 2) - so.getInt((long) i << 2);
      j += run;
    }
    if (total > Integer.MAX_VALUE) {
      throw BallistaException.execution(
          "column " + out.getName() + ": " + total + " bytes of string data in one batch exceed 2 GiB");
    }
    out.allocateNew(Math.max(total, 1), Math.max(count, 1));
    ArrowBuf oo = out.getOffsetBuffer();
    ArrowBuf od = out.getDataBuffer();
    int pos = 0;
    oo.setInt(0, 0);
    int j = 0;
    while (j < count) {
      int i = rows[from + j];
      if (i < 0) {
        oo.setInt(((long) j + 1) << 2, pos);
        j++;
        continue;
      }
      int run = runLength(ids, rows, from, j, count);
      int s = ids == null ? 0 : ids[from + j];
      ArrowBuf so = offsets[s];
      int start = so.getInt((long) i << 2);
      int end = so.getInt(((long) i + run) << 2);
      if (end > start) {
        od.setBytes(pos, data[s], start, end - start);
      }
      if (run == 1) {
        oo.setInt(((long) j + 1) << 2, pos + end - start);
      } else {
        int shift = pos - start;
        for (int k = 1; k <= run; k++) {
          oo.setInt(((long) j + k) << 2, so.getInt(((long) i + k) << 2) + shift);
        }
      }
      pos += end - start;
      j += run;
    }
    out.setLastSet(count - 1);
  }
}
