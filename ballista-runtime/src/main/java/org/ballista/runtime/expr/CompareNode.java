package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/**
 * EQ/NE/LT/LE/GT/GE and the null-safe IS [NOT] DISTINCT FROM. The compiler brings both operands to
 * one {@link Domain} (same scale for decimals) and puts a literal operand on the right, where it is
 * compared as a primitive without materializing a vector.
 */
final class CompareNode extends Node {
  enum Domain { INT, LONG, DOUBLE, UTF8, BOOL }

  private final Domain domain;
  private final Node left;
  private final Node right;
  private final int mask;
  private final boolean nullSafe;
  private final boolean negate;
  private final long[] constWords;

  CompareNode(Op op, Domain domain, Node left, Node right) {
    super(DataType.BOOL);
    this.domain = domain;
    this.left = left;
    this.right = right;
    this.nullSafe = op == Op.IS_DISTINCT_FROM || op == Op.IS_NOT_DISTINCT_FROM;
    this.negate = op == Op.IS_DISTINCT_FROM;
    this.mask = nullSafe ? mask(Op.EQ) : mask(op);
    this.constWords = right instanceof LiteralNode l && l.bytes != null ? Utf8Bytes.words(l.bytes) : null;
  }

  /** Outcome mask: bit 0 less, bit 1 equal, bit 2 greater. */
  static int mask(Op op) {
    return switch (op) {
      case EQ -> 0b010;
      case NE -> 0b101;
      case LT -> 0b001;
      case LE -> 0b011;
      case GT -> 0b100;
      case GE -> 0b110;
      default -> throw BallistaException.internal("not a comparison: " + op, null);
    };
  }

  /** The operator that gives the same result with the operands swapped. */
  static Op mirror(Op op) {
    return switch (op) {
      case LT -> Op.GT;
      case LE -> Op.GE;
      case GT -> Op.LT;
      case GE -> Op.LE;
      default -> op;
    };
  }

  @Override
  boolean canFail() {
    return left.canFail() || right.canFail();
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    int n = ctx.rowCount();
    LiteralNode rc = right instanceof LiteralNode r && !(left instanceof LiteralNode) ? r : null;
    try (Arg a = left.arg(ctx);
        Arg b = rc == null ? right.arg(ctx) : null) {
      long[] va = Bitmaps.validity(a.vector(), n);
      long[] vb = rc == null ? Bitmaps.validity(b.vector(), n) : (rc.isNull ? new long[Bitmaps.words(n)] : null);
      long[] bits = (rc != null && rc.isNull) || n == 0 ? new long[Bitmaps.words(n)]
          : compute(a.vector(), b == null ? null : b.vector(), rc, n);
      BitVector out = (BitVector) Results.allocate(DataType.BOOL, n, ctx.allocator());
      try {
        if (!nullSafe) {
          Bitmaps.store(bits, out.getDataBuffer(), n);
          return (BitVector) Results.finish(out, Bitmaps.and(va, vb), n);
        }
        for (int w = 0; w < bits.length; w++) {
          long x = va == null ? -1L : va[w];
          long y = vb == null ? -1L : vb[w];
          long r = (x & y & bits[w]) | (~x & ~y);
          bits[w] = negate ? ~r : r;
        }
        Bitmaps.clearTail(bits, n);
        Bitmaps.store(bits, out.getDataBuffer(), n);
        return (BitVector) Results.finish(out, null, n);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  private long[] compute(FieldVector a, FieldVector b, LiteralNode c, int n) {
    ArrowBuf ad = a.getDataBuffer();
    switch (domain) {
      case INT:
        return c != null ? CompareKernels.intConst(ad, (int) c.longValue, mask, n)
            : CompareKernels.intVV(ad, b.getDataBuffer(), mask, n);
      case LONG: {
        int sa = LongArithmeticNode.stride(a);
        return c != null ? CompareKernels.longConst(ad, sa, c.longValue, mask, n)
            : CompareKernels.longVV(ad, sa, b.getDataBuffer(), LongArithmeticNode.stride(b), mask, n);
      }
      case DOUBLE:
        return c != null ? CompareKernels.doubleVS(ad, c.doubleValue, mask, n)
            : CompareKernels.doubleVV(ad, b.getDataBuffer(), mask, n);
      case UTF8: {
        ArrowBuf ao = a.getOffsetBuffer();
        long[] r;
        if (mask == 0b010 || mask == 0b101) {
          r = c != null ? CompareKernels.utf8EqVS(ao, ad, c.bytes, constWords, n)
              : CompareKernels.utf8EqVV(ao, ad, b.getOffsetBuffer(), b.getDataBuffer(), n);
          if (mask == 0b101) {
            for (int w = 0; w < r.length; w++) {
              r[w] = ~r[w];
            }
            Bitmaps.clearTail(r, n);
          }
          return r;
        }
        return c != null ? CompareKernels.utf8VS(ao, ad, c.bytes, constWords, mask, n)
            : CompareKernels.utf8VV(ao, ad, b.getOffsetBuffer(), b.getDataBuffer(), mask, n);
      }
      case BOOL: {
        long[] x = Bitmaps.load(ad, n);
        long[] y;
        if (c != null) {
          y = c.boolValue ? Bitmaps.ones(n) : new long[Bitmaps.words(n)];
        } else {
          y = Bitmaps.load(b.getDataBuffer(), n);
        }
        long[] r = new long[x.length];
        for (int w = 0; w < r.length; w++) {
          long lt = (mask & 1) != 0 ? ~x[w] & y[w] : 0;
          long eq = (mask & 2) != 0 ? ~(x[w] ^ y[w]) : 0;
          long gt = (mask & 4) != 0 ? x[w] & ~y[w] : 0;
          r[w] = lt | eq | gt;
        }
        Bitmaps.clearTail(r, n);
        return r;
      }
      default:
        throw BallistaException.internal("compare domain " + domain, null);
    }
  }
}
