package org.ballista.runtime.expr;

import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/** Boolean logic (three-valued) and null tests, word-at-a-time over bitmaps. */
final class LogicNodes {
  private LogicNodes() {}

  /** True bits of a boolean operand (a NULL-typed operand has none). */
  static long[] trueBits(FieldVector v, int n) {
    return v instanceof BitVector b ? Bitmaps.trueBits(b, n) : new long[Bitmaps.words(n)];
  }

  static long[] falseBits(FieldVector v, int n) {
    return v instanceof BitVector b ? Bitmaps.falseBits(b, n) : new long[Bitmaps.words(n)];
  }

  static BitVector bool(long[] values, long[] valid, int n, EvalContext ctx) {
    BitVector out = (BitVector) Results.allocate(DataType.BOOL, n, ctx.allocator());
    try {
      Bitmaps.store(values, out.getDataBuffer(), n);
      return (BitVector) Results.finish(out, valid, n);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * n-ary AND / OR. Later operands that can fail are evaluated only for rows whose outcome is still
   * open (not already FALSE for AND / TRUE for OR), so {@code x <> 0 AND y / x > 1} is safe.
   */
  static final class AndOr extends Node {
    private final boolean and;
    private final List<Node> args;

    AndOr(boolean and, List<Node> args) {
      super(DataType.BOOL);
      this.and = and;
      this.args = List.copyOf(args);
    }

    @Override
    boolean canFail() {
      return args.stream().anyMatch(Node::canFail);
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      long[] t = and ? Bitmaps.ones(n) : new long[Bitmaps.words(n)];
      long[] f = and ? new long[Bitmaps.words(n)] : Bitmaps.ones(n);
      for (int k = 0; k < args.size(); k++) {
        Node arg = args.get(k);
        EvalContext c = ctx;
        if (k > 0 && arg.canFail()) {
          c = ctx.withActive(Bitmaps.andNot(ctx.active(), and ? f : t, n));
        }
        try (Arg a = arg.arg(c)) {
          long[] tk = trueBits(a.vector(), n);
          long[] fk = falseBits(a.vector(), n);
          for (int w = 0; w < t.length; w++) {
            if (and) {
              t[w] &= tk[w];
              f[w] |= fk[w];
            } else {
              t[w] |= tk[w];
              f[w] &= fk[w];
            }
          }
        }
      }
      long[] valid = new long[t.length];
      for (int w = 0; w < t.length; w++) {
        valid[w] = t[w] | f[w];
      }
      return bool(t, valid, n, ctx);
    }
  }

  static final class Not extends Node {
    private final Node input;

    Not(Node input) {
      super(DataType.BOOL);
      this.input = input;
    }

    @Override
    boolean canFail() {
      return input.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg a = input.arg(ctx)) {
        long[] f = falseBits(a.vector(), n);
        return bool(f, Bitmaps.validity(a.vector(), n), n, ctx);
      }
    }
  }

  /** IS [NOT] NULL / TRUE / FALSE: never NULL. */
  static final class Test extends Node {
    private final Op op;
    private final Node input;

    Test(Op op, Node input) {
      super(DataType.BOOL);
      this.op = op;
      this.input = input;
    }

    @Override
    boolean canFail() {
      return input.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg a = input.arg(ctx)) {
        FieldVector v = a.vector();
        long[] bits;
        boolean invert;
        switch (op) {
          case IS_NULL, IS_NOT_NULL -> {
            long[] valid = Bitmaps.validity(v, n);
            bits = valid == null ? Bitmaps.ones(n) : valid.clone();
            invert = op == Op.IS_NULL;
          }
          case IS_TRUE, IS_NOT_TRUE -> {
            bits = trueBits(v, n);
            invert = op == Op.IS_NOT_TRUE;
          }
          case IS_FALSE, IS_NOT_FALSE -> {
            bits = falseBits(v, n);
            invert = op == Op.IS_NOT_FALSE;
          }
          default -> throw BallistaException.internal("not a test: " + op, null);
        }
        if (invert) {
          for (int w = 0; w < bits.length; w++) {
            bits[w] = ~bits[w];
          }
          Bitmaps.clearTail(bits, n);
        }
        return bool(bits, null, n, ctx);
      }
    }
  }
}
