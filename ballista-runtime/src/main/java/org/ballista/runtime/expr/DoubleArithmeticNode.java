package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/** Arithmetic with a DOUBLE result; operands are FLOAT64 vectors or literals. */
final class DoubleArithmeticNode extends Node {
  private final Op op;
  private final Node left;
  private final Node right;

  DoubleArithmeticNode(Op op, Node left, Node right) {
    super(DataType.FLOAT64);
    this.op = op;
    this.left = left;
    this.right = right;
  }

  @Override
  boolean canFail() {
    return op == Op.DIVIDE || op == Op.MODULO || left.canFail() || right.canFail();
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
      lc = null;
    }
    try (Arg a = lc == null ? left.arg(ctx) : null;
        Arg b = rc == null ? right.arg(ctx) : null) {
      long[] valid = Bitmaps.and(a == null ? null : Bitmaps.validity(a.vector(), n),
          b == null ? null : Bitmaps.validity(b.vector(), n));
      long[] live = Bitmaps.and(valid, ctx.active());
      FieldVector out = Results.allocate(type, n, ctx.allocator());
      try {
        ArrowBuf o = out.getDataBuffer();
        ArrowBuf ab = a == null ? null : a.vector().getDataBuffer();
        ArrowBuf bb = b == null ? null : b.vector().getDataBuffer();
        double ca = lc == null ? 0 : lc.doubleValue;
        double cb = rc == null ? 0 : rc.doubleValue;
        boolean vv = ab != null && bb != null;
        boolean vs = ab != null && bb == null;
        switch (op) {
          case ADD -> {
            if (vv) DoubleKernels.addVV(ab, bb, o, n, live);
            else if (vs) DoubleKernels.addVS(ab, cb, o, n, live);
            else DoubleKernels.addSV(ca, bb, o, n, live);
          }
          case SUBTRACT -> {
            if (vv) DoubleKernels.subVV(ab, bb, o, n, live);
            else if (vs) DoubleKernels.subVS(ab, cb, o, n, live);
            else DoubleKernels.subSV(ca, bb, o, n, live);
          }
          case MULTIPLY -> {
            if (vv) DoubleKernels.mulVV(ab, bb, o, n, live);
            else if (vs) DoubleKernels.mulVS(ab, cb, o, n, live);
            else DoubleKernels.mulSV(ca, bb, o, n, live);
          }
          case DIVIDE -> {
            if (vv) DoubleKernels.divVV(ab, bb, o, n, live);
            else if (vs) DoubleKernels.divVS(ab, cb, o, n, live);
            else DoubleKernels.divSV(ca, bb, o, n, live);
          }
          case MODULO -> {
            if (vv) DoubleKernels.modVV(ab, bb, o, n, live);
            else if (vs) DoubleKernels.modVS(ab, cb, o, n, live);
            else DoubleKernels.modSV(ca, bb, o, n, live);
          }
          default -> throw BallistaException.internal("not arithmetic: " + op, null);
        }
        return Results.finish(out, valid, n);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }
}
