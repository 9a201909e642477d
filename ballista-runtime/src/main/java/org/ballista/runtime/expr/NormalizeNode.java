package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/**
 * Converts an input column whose Arrow type is not the engine's canonical one for its
 * {@link DataType} (e.g. SMALLINT or unsigned ints, FLOAT, LARGE_UTF8, DATE in milliseconds, as a
 * file may hold) into the canonical vector, so kernels can rely on fixed layouts. Typed reads only.
 */
final class NormalizeNode extends Node {
  private final ColumnNode column;

  NormalizeNode(ColumnNode column) {
    super(column.type);
    this.column = column;
  }

  static boolean needed(ArrowType actual, DataType type) {
    return !actual.equals(type.toArrow());
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    int n = ctx.rowCount();
    FieldVector src = ctx.batch().getVector(column.index);
    long[] valid = Bitmaps.validity(src, n);
    if (src instanceof LargeVarCharVector s) {
      ArrowBuf o = s.getOffsetBuffer();
      try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, n * 16L)) {
        for (int i = 0; i < n; i++) {
          if (Bitmaps.get(valid, i)) {
            long start = o.getLong((long) i * LargeVarCharVector.OFFSET_WIDTH);
            long end = o.getLong((long) (i + 1) * LargeVarCharVector.OFFSET_WIDTH);
            out.append(s.getDataBuffer(), start, (int) (end - start));
          }
          out.endRow(i);
        }
        return out.finish(valid, n);
      }
    }
    FieldVector out = Results.allocate(type, n, ctx.allocator());
    try {
      ArrowBuf d = out.getDataBuffer();
      TypeKind k = TypeKind.of(type);
      for (int i = 0; i < n; i++) {
        if (!Bitmaps.get(valid, i)) {
          continue;
        }
        if (src instanceof BaseIntVector iv && (k == TypeKind.INT32 || k == TypeKind.INT64)) {
          LongIO.write(d, k == TypeKind.INT32 ? 4 : 8, i, iv.getValueAsLong(i), null, Kernels.INTEGER_OVERFLOW);
        } else if (src instanceof Float4Vector f && k == TypeKind.FLOAT64) {
          d.setDouble((long) i << 3, f.get(i));
        } else if (src instanceof DateMilliVector dm && k == TypeKind.DATE) {
          d.setInt((long) i << 2, (int) Math.floorDiv(dm.get(i), 86_400_000L));
        } else {
          throw BallistaException.unsupported("input column of Arrow type " + src.getField().getType());
        }
      }
      return Results.finish(out, valid, n);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
