package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.ballista.api.types.DataType;

/** input [NOT] LIKE pattern, with the pattern compiled once. */
final class LikeNode extends Node {
  private final Node input;
  private final LikePattern pattern;
  private final boolean negated;

  LikeNode(Node input, LikePattern pattern, boolean negated) {
    super(DataType.BOOL);
    this.input = input;
    this.pattern = pattern;
    this.negated = negated;
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
      long[] valid = Bitmaps.validity(v, n);
      long[] bits = new long[Bitmaps.words(n)];
      if (n > 0 && !(v instanceof NullVector)) {
        ArrowBuf o = v.getOffsetBuffer();
        ArrowBuf d = v.getDataBuffer();
        for (int base = 0; base < n; base += 64) {
          int end = Math.min(n, base + 64);
          long word = 0;
          for (int i = base; i < end; i++) {
            int s = o.getInt((long) i << 2);
            int len = o.getInt(((long) i + 1) << 2) - s;
            if (pattern.matches(d, s, len) != negated) {
              word |= 1L << (i - base);
            }
          }
          bits[base >>> 6] = word;
        }
      }
      return LogicNodes.bool(bits, valid, n, ctx);
    }
  }
}
