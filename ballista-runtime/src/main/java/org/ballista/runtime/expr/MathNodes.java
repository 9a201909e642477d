package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * NEGATE, ABS, ROUND, TRUNCATE, SIGN, FLOOR, CEIL on integers/decimals/doubles; SQRT, LN, LOG10, EXP,
 * POWER and LOG(base, x) on doubles (outside their domain they give NaN or an infinity, as Java's
 * Math does).
 */
final class MathNodes {
  private MathNodes() {}

  /**
   * A one-argument numeric function computed on scaled longs: input scale {@code inScale}, result
   * written at the result type's scale. ROUND takes a constant number of digits.
   */
  static final class LongUnary extends Node {
    private final Op op;
    private final Node input;
    private final int inScale;
    private final int outScale;
    private final int digits;
    private final String overflow;

    LongUnary(Op op, Node input, int digits, DataType type) {
      super(type);
      this.op = op;
      this.input = input;
      this.inScale = TypeKind.scale(input.type);
      this.outScale = TypeKind.scale(type);
      this.digits = digits;
      this.overflow = type instanceof DataType.Decimal ? Kernels.DECIMAL_OVERFLOW : Kernels.INTEGER_OVERFLOW;
      if (Math.abs(outScale - inScale) > 18 || inScale - digits > 18) {
        throw BallistaException.unsupported(op + " rescaling from " + input.type + " to " + type);
      }
    }

    @Override
    boolean canFail() {
      return true;
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg a = input.arg(ctx)) {
        long[] valid = Bitmaps.validity(a.vector(), n);
        long[] live = Bitmaps.and(valid, ctx.active());
        FieldVector out = Results.allocate(type, n, ctx.allocator());
        try {
          ArrowBuf in = a.vector().getDataBuffer();
          int inWidth = LongIO.width(a.vector());
          ArrowBuf o = out.getDataBuffer();
          int outWidth = LongIO.width(out);
          // ROUND to `digits` (FLOOR/CEIL to 0 digits) first, at the input scale
          int cut = op == Op.ROUND || op == Op.TRUNCATE ? inScale - digits
              : (op == Op.FLOOR || op == Op.CEIL) ? inScale : 0;
          long one = DecimalVectors.powerOfTen(inScale);
          long unit = cut > 0 ? DecimalVectors.powerOfTen(cut) : 1;
          int shift = outScale - inScale;
          long factor = DecimalVectors.powerOfTen(Math.abs(shift));
          for (int i = 0; i < n; i++) {
            long v = LongIO.read(in, inWidth, i);
            switch (op) {
              case NEGATE -> {
                if (v == Long.MIN_VALUE) {
                  Kernels.fail(live, i, overflow);
                }
                v = -v;
              }
              case ABS -> {
                if (v == Long.MIN_VALUE) {
                  Kernels.fail(live, i, overflow);
                }
                v = Math.abs(v);
              }
              case ROUND -> {
                if (unit != 1) {
                  v = Kernels.scaleUp(Kernels.roundDiv(v, unit), unit, live, i, overflow);
                }
              }
              case TRUNCATE -> {
                if (unit != 1) {
                  v = Kernels.scaleUp(v / unit, unit, live, i, overflow);
                }
              }
              case SIGN -> v = Long.signum(v) * one;
              case FLOOR -> {
                if (unit != 1) {
                  v = Kernels.scaleUp(Math.floorDiv(v, unit), unit, live, i, overflow);
                }
              }
              case CEIL -> {
                if (unit != 1) {
                  v = Kernels.scaleUp(-Math.floorDiv(-v, unit), unit, live, i, overflow);
                }
              }
              default -> throw BallistaException.internal("not a unary numeric: " + op, null);
            }
            if (shift > 0) {
              v = Kernels.scaleUp(v, factor, live, i, overflow);
            } else if (shift < 0) {
              v = Kernels.roundDiv(v, factor);
            }
            LongIO.write(o, outWidth, i, v, live, overflow);
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }
  }

  /** Functions of doubles: NEGATE, ABS, ROUND, TRUNCATE, SIGN, FLOOR, CEIL, SQRT, LN, LOG10, EXP, POWER, LOG. */
  static final class DoubleFunction extends Node {
    private final Op op;
    private final Node input;
    private final Node second;
    private final int digits;

    DoubleFunction(Op op, Node input, Node second, int digits) {
      super(DataType.FLOAT64);
      this.op = op;
      this.input = input;
      this.second = second;
      this.digits = digits;
    }

    @Override
    boolean canFail() {
      return input.canFail() || (second != null && second.canFail());
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      LiteralNode c = second instanceof LiteralNode l ? l : null;
      try (Arg a = input.arg(ctx);
          Arg b = second == null || c != null ? null : second.arg(ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.validity(a.vector(), n), b == null ? null : Bitmaps.validity(b.vector(), n));
        if (c != null && c.isNull) {
          valid = new long[Bitmaps.words(n)];
        }
        FieldVector out = Results.allocate(type, n, ctx.allocator());
        try {
          ArrowBuf in = a.vector().getDataBuffer();
          ArrowBuf in2 = b == null ? null : b.vector().getDataBuffer();
          ArrowBuf o = out.getDataBuffer();
          double scale = Math.pow(10, digits);
          for (int i = 0; i < n; i++) {
            double x = in.getDouble((long) i << 3);
            double r = switch (op) {
              case NEGATE -> -x;
              case ABS -> Math.abs(x);
              case ROUND -> Math.signum(x) * Math.floor(Math.abs(x) * scale + 0.5) / scale;
              case TRUNCATE -> Math.signum(x) * Math.floor(Math.abs(x) * scale) / scale;
              case SIGN -> Math.signum(x);
              case LOG10 -> Math.log10(x);
              case LOG -> Math.log(in2 == null ? (c == null ? 0 : c.doubleValue) : in2.getDouble((long) i << 3)) / Math.log(x);
              case FLOOR -> Math.floor(x);
              case CEIL -> Math.ceil(x);
              case SQRT -> Math.sqrt(x);
              case LN -> Math.log(x);
              case EXP -> Math.exp(x);
              case POWER -> Math.pow(x, in2 == null ? (c == null ? 0 : c.doubleValue) : in2.getDouble((long) i << 3));
              default -> throw BallistaException.internal("not a double function: " + op, null);
            };
            o.setDouble((long) i << 3, r);
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }
  }
}
