package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/**
 * ADD/SUBTRACT/MULTIPLY/DIVIDE/MODULO with an INT64 or DECIMAL result, computed on scaled longs.
 * The compiler hands in operands that are INT64 or DECIMAL(p≤18) vectors or literals, already at
 * the scales this node expects (see {@link ExpressionCompiler}); a constant side is never
 * materialized.
 */
final class LongArithmeticNode extends Node {
  private final Op op;
  private final Node left;
  private final Node right;
  /** MULTIPLY: divisor bringing the product scale down to the result scale (1 = none). */
  private final long down;
  /** MULTIPLY: factor bringing the product scale up to the result scale (1 = none). */
  private final long up;
  /** DIVIDE: numerator and denominator factors, and whether to round (decimal) or truncate (integer). */
  private final long mulNum;
  private final long mulDen;
  private final boolean round;
  private final String msg;

  LongArithmeticNode(Op op, Node left, Node right, DataType type, long down, long up, long mulNum, long mulDen) {
    super(type);
    this.op = op;
    this.left = left;
    this.right = right;
    this.down = down;
    this.up = up;
    this.mulNum = mulNum;
    this.mulDen = mulDen;
    this.round = type instanceof DataType.Decimal;
    this.msg = type instanceof DataType.Decimal ? Kernels.DECIMAL_OVERFLOW : Kernels.INTEGER_OVERFLOW;
  }

  @Override
  boolean canFail() {
    return true;
  }

  static int stride(FieldVector v) {
    if (v instanceof DecimalVector) {
      return 16;
    }
    if (v instanceof BigIntVector) {
      return 8;
    }
    throw BallistaException.internal("long arithmetic on " + v.getField(), null);
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    int n = ctx.rowCount();
    LiteralNode lc = left instanceof LiteralNode l ? l : null;
    LiteralNode rc = right instanceof LiteralNode r ? r : null;
    if ((lc != null && lc.isNull) || (rc != null && rc.isNull)) {
      return Results.allNull(type, n, ctx.allocator());
    }
    if (lc != null && rc != null) {
      lc = null; // both constant: materialize the left side
    }
    try (Arg a = lc == null ? left.arg(ctx) : null;
        Arg b = rc == null ? right.arg(ctx) : null) {
      long[] valid = Bitmaps.and(a == null ? null : Bitmaps.validity(a.vector(), n),
          b == null ? null : Bitmaps.validity(b.vector(), n));
      long[] live = Bitmaps.and(valid, ctx.active());
      FieldVector out = Results.allocate(type, n, ctx.allocator());
      try {
        ArrowBuf o = out.getDataBuffer();
        int so = out instanceof DecimalVector ? 16 : 8;
        ArrowBuf ab = a == null ? null : a.vector().getDataBuffer();
        ArrowBuf bb = b == null ? null : b.vector().getDataBuffer();
        int sa = a == null ? 0 : stride(a.vector());
        int sb = b == null ? 0 : stride(b.vector());
        long ca = lc == null ? 0 : lc.longValue;
        long cb = rc == null ? 0 : rc.longValue;
        if (n > 0) {
          compute(ab, sa, ca, bb, sb, cb, o, so, n, live);
        }
        if (up != 1) {
          for (int i = 0; i < n; i++) {
            long off = (long) i * so;
            long r = Kernels.scaleUp(o.getLong(off), up, live, i, msg);
            o.setLong(off, r);
            if (so == 16) {
              o.setLong(off + 8, r >> 63);
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

  private void compute(ArrowBuf ab, int sa, long ca, ArrowBuf bb, int sb, long cb, ArrowBuf o, int so, int n, long[] live) {
    boolean vv = ab != null && bb != null;
    boolean vs = ab != null && bb == null;
    switch (op) {
      case ADD -> {
        if (vv) {
          LongKernels.addVV(ab, sa, bb, sb, o, so, n, live, msg);
        } else if (vs) {
          LongKernels.addVS(ab, sa, cb, o, so, n, live, msg);
        } else {
          LongKernels.addSV(ca, bb, sb, o, so, n, live, msg);
        }
      }
      case SUBTRACT -> {
        if (vv) {
          LongKernels.subVV(ab, sa, bb, sb, o, so, n, live, msg);
        } else if (vs) {
          LongKernels.subVS(ab, sa, cb, o, so, n, live, msg);
        } else {
          LongKernels.subSV(ca, bb, sb, o, so, n, live, msg);
        }
      }
      case MULTIPLY -> {
        if (vv) {
          LongKernels.mulVV(ab, sa, bb, sb, o, so, n, live, msg, down);
        } else if (vs) {
          LongKernels.mulVS(ab, sa, cb, o, so, n, live, msg, down);
        } else {
          LongKernels.mulSV(ca, bb, sb, o, so, n, live, msg, down);
        }
      }
      case DIVIDE -> {
        if (vv) {
          LongKernels.divVV(ab, sa, bb, sb, o, so, n, live, msg, mulNum, mulDen, round);
        } else if (vs) {
          LongKernels.divVS(ab, sa, cb, o, so, n, live, msg, mulNum, mulDen, round);
        } else {
          LongKernels.divSV(ca, bb, sb, o, so, n, live, msg, mulNum, mulDen, round);
        }
      }
      case MODULO -> {
        if (vv) {
          LongKernels.modVV(ab, sa, bb, sb, o, so, n, live, msg);
        } else if (vs) {
          LongKernels.modVS(ab, sa, cb, o, so, n, live, msg);
        } else {
          LongKernels.modSV(ca, bb, sb, o, so, n, live, msg);
        }
      }
      default -> throw BallistaException.internal("not arithmetic: " + op, null);
    }
  }
}
