package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;

/** Reading and writing integer-like values (INT32/DATE, INT64, DECIMAL's low word) by vector width. */
final class LongIO {
  private LongIO() {}

  /** Byte width of a vector holding integer-like values: 4, 8 or 16. */
  static int width(FieldVector v) {
    if (v instanceof DecimalVector) {
      return 16;
    }
    if (v instanceof BigIntVector || v instanceof org.apache.arrow.vector.Float8Vector) {
      return 8;
    }
    if (v instanceof org.apache.arrow.vector.IntVector || v instanceof org.apache.arrow.vector.DateDayVector) {
      return 4;
    }
    throw BallistaException.internal("not an integer-like vector: " + v.getField(), null);
  }

  static long read(ArrowBuf d, int width, int i) {
    return switch (width) {
      case 4 -> d.getInt((long) i << 2);
      case 8 -> d.getLong((long) i << 3);
      default -> d.getLong((long) i << 4);
    };
  }

  /** Writes v; for width 4 checks the int range (failing for live rows). */
  static void write(ArrowBuf d, int width, int i, long v, long[] live, String overflow) {
    switch (width) {
      case 4 -> {
        if ((int) v != v) {
          Kernels.fail(live, i, overflow);
        }
        d.setInt((long) i << 2, (int) v);
      }
      case 8 -> d.setLong((long) i << 3, v);
      default -> {
        d.setLong((long) i << 4, v);
        d.setLong(((long) i << 4) + 8, v >> 63);
      }
    }
  }

  /** An integer operand that is either a constant or a vector (for SUBSTRING, intervals, ...). */
  static final class IntOperand implements AutoCloseable {
    private final Arg arg;
    private final ArrowBuf data;
    private final int width;
    private final long constant;
    final long[] validity;

    IntOperand(Node node, EvalContext ctx) {
      if (node instanceof LiteralNode l) {
        arg = null;
        data = null;
        width = 0;
        constant = l.longValue;
        validity = l.isNull ? new long[Bitmaps.words(ctx.rowCount())] : null;
      } else {
        arg = node.arg(ctx);
        data = arg.vector().getDataBuffer();
        width = LongIO.width(arg.vector());
        constant = 0;
        validity = Bitmaps.validity(arg.vector(), ctx.rowCount());
      }
    }

    long get(int i) {
      return width == 0 ? constant : read(data, width, i);
    }

    @Override
    public void close() {
      if (arg != null) {
        arg.close();
      }
    }
  }
}
