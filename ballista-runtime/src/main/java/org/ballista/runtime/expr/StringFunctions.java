package org.ballista.runtime.expr;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/**
 * LEFT/RIGHT, LPAD/RPAD, REPLACE, REVERSE, STARTS_WITH/ENDS_WITH and CONCAT_WS on UTF-8 bytes,
 * writing straight into VarCharVector buffers. Lengths and positions are in characters (code
 * points), as for SUBSTRING. String operands are VarCharVectors (the compiler coerces them);
 * integer operands go through {@link LongIO.IntOperand}, so constants are not materialized.
 */
final class StringFunctions {
  /** Longest result LPAD/RPAD may build, in characters (guards against absurd lengths). */
  static final long MAX_PAD_CHARS = 1L << 26;

  private StringFunctions() {}

  private static int start(ArrowBuf offsets, int i) {
    return offsets.getInt((long) i << 2);
  }

  private static int end(ArrowBuf offsets, int i) {
    return offsets.getInt(((long) i + 1) << 2);
  }

  private static void closeAll(Arg[] args) {
    for (Arg a : args) {
      if (a != null) {
        a.close();
      }
    }
  }

  /** LEFT(s, n) / RIGHT(s, n); negative n counts from the other end (PostgreSQL). */
  static final class Slice extends Node {
    private final boolean left;
    private final Node input;
    private final Node count;

    Slice(Op op, Node input, Node count) {
      super(DataType.UTF8);
      this.left = op == Op.LEFT_CHARS;
      this.input = input;
      this.count = count;
    }

    @Override
    boolean canFail() {
      return input.canFail() || count.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg s = input.arg(ctx);
          LongIO.IntOperand k = new LongIO.IntOperand(count, ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.validity(s.vector(), n), k.validity);
        ArrowBuf o = s.vector().getOffsetBuffer();
        ArrowBuf d = s.vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, d.capacity())) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              int bs = start(o, i);
              int bl = end(o, i) - bs;
              long c = k.get(i);
              int from;
              int to;
              if (left) {
                long keep = c >= 0 ? c : Math.max(0, Utf8Bytes.charCount(d, bs, bl) + c);
                from = 0;
                to = Utf8Bytes.skipChars(d, bs, bl, 0, keep);
              } else {
                long skip = c >= 0 ? Math.max(0, Utf8Bytes.charCount(d, bs, bl) - c) : -c;
                from = Utf8Bytes.skipChars(d, bs, bl, 0, skip);
                to = bl;
              }
              out.append(d, bs + from, to - from);
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      }
    }
  }

  /** LPAD / RPAD(s, length, fill). */
  static final class Pad extends Node {
    private final boolean leftSide;
    private final Node input;
    private final Node length;
    private final Node fill;

    Pad(Op op, Node input, Node length, Node fill) {
      super(DataType.UTF8);
      this.leftSide = op == Op.LPAD;
      this.input = input;
      this.length = length;
      this.fill = fill;
    }

    @Override
    boolean canFail() {
      return true;
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg s = input.arg(ctx);
          LongIO.IntOperand len = new LongIO.IntOperand(length, ctx);
          Arg f = fill.arg(ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.and(Bitmaps.validity(s.vector(), n), len.validity),
            Bitmaps.validity(f.vector(), n));
        long[] live = Bitmaps.and(valid, ctx.active());
        ArrowBuf o = s.vector().getOffsetBuffer();
        ArrowBuf d = s.vector().getDataBuffer();
        ArrowBuf fo = f.vector().getOffsetBuffer();
        ArrowBuf fd = f.vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, d.capacity())) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              long want = len.get(i);
              if (want > MAX_PAD_CHARS) {
                Kernels.fail(live, i, (leftSide ? "LPAD" : "RPAD") + " length " + want + " is too large");
                want = 0;
              }
              if (want > 0) {
                int bs = start(o, i);
                int bl = end(o, i) - bs;
                int chars = Utf8Bytes.charCount(d, bs, bl);
                int fs = start(fo, i);
                int fl = end(fo, i) - fs;
                if (chars >= want || fl == 0) {
                  out.append(d, bs, Utf8Bytes.skipChars(d, bs, bl, 0, want));
                } else {
                  if (!leftSide) {
                    out.append(d, bs, bl);
                  }
                  pad(out, fd, fs, fl, want - chars);
                  if (leftSide) {
                    out.append(d, bs, bl);
                  }
                }
              }
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      }
    }

    /** Appends {@code chars} characters of the fill repeated. */
    private static void pad(Utf8Builder out, ArrowBuf fd, int fs, int fl, long chars) {
      int fillChars = Utf8Bytes.charCount(fd, fs, fl);
      long whole = chars / fillChars;
      for (long r = 0; r < whole; r++) {
        out.append(fd, fs, fl);
      }
      long rest = chars - whole * fillChars;
      if (rest > 0) {
        out.append(fd, fs, Utf8Bytes.skipChars(fd, fs, fl, 0, rest));
      }
    }
  }

  /** REPLACE(s, from, to). */
  static final class Replace extends Node {
    private final Node input;
    private final Node from;
    private final Node to;

    Replace(Node input, Node from, Node to) {
      super(DataType.UTF8);
      this.input = input;
      this.from = from;
      this.to = to;
    }

    @Override
    boolean canFail() {
      return input.canFail() || from.canFail() || to.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg s = input.arg(ctx);
          Arg f = from.arg(ctx);
          Arg t = to.arg(ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.and(Bitmaps.validity(s.vector(), n), Bitmaps.validity(f.vector(), n)),
            Bitmaps.validity(t.vector(), n));
        ArrowBuf o = s.vector().getOffsetBuffer();
        ArrowBuf d = s.vector().getDataBuffer();
        ArrowBuf fo = f.vector().getOffsetBuffer();
        ArrowBuf fd = f.vector().getDataBuffer();
        ArrowBuf to2 = t.vector().getOffsetBuffer();
        ArrowBuf td = t.vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, d.capacity())) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              int bs = start(o, i);
              int bl = end(o, i) - bs;
              int fs = start(fo, i);
              int fl = end(fo, i) - fs;
              int ts = start(to2, i);
              int tl = end(to2, i) - ts;
              int p = 0;
              if (fl > 0) {
                int at;
                while ((at = Utf8Bytes.indexOf(d, bs + p, bl - p, fd, fs, fl)) >= 0) {
                  out.append(d, bs + p, at);
                  out.append(td, ts, tl);
                  p += at + fl;
                }
              }
              out.append(d, bs + p, bl - p);
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      }
    }
  }

  /** STARTS_WITH(s, prefix) / ENDS_WITH(s, suffix) → BOOL. */
  static final class Affix extends Node {
    private final boolean prefix;
    private final Node input;
    private final Node affix;

    Affix(Op op, Node input, Node affix) {
      super(DataType.BOOL);
      this.prefix = op == Op.STARTS_WITH;
      this.input = input;
      this.affix = affix;
    }

    @Override
    boolean canFail() {
      return input.canFail() || affix.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg s = input.arg(ctx);
          Arg a = affix.arg(ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.validity(s.vector(), n), Bitmaps.validity(a.vector(), n));
        long[] bits = new long[Bitmaps.words(n)];
        ArrowBuf o = s.vector().getOffsetBuffer();
        ArrowBuf d = s.vector().getDataBuffer();
        ArrowBuf ao = a.vector().getOffsetBuffer();
        ArrowBuf ad = a.vector().getDataBuffer();
        for (int i = 0; i < n; i++) {
          int bs = start(o, i);
          int bl = end(o, i) - bs;
          int as = start(ao, i);
          int al = end(ao, i) - as;
          if (al <= bl && Utf8Bytes.equals(d, prefix ? bs : bs + bl - al, al, ad, as, al)) {
            Bitmaps.set(bits, i);
          }
        }
        return LogicNodes.bool(bits, valid, n, ctx);
      }
    }
  }

  /** CONCAT_WS(separator, s1, ...): NULL strings are skipped; a NULL separator gives NULL. */
  static final class ConcatWs extends Node {
    private final Node separator;
    private final List<Node> args;

    ConcatWs(Node separator, List<Node> args) {
      super(DataType.UTF8);
      this.separator = separator;
      this.args = List.copyOf(args);
    }

    @Override
    boolean canFail() {
      return separator.canFail() || args.stream().anyMatch(Node::canFail);
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      Arg[] vals = new Arg[args.size() + 1];
      try {
        vals[0] = separator.arg(ctx);
        long bytes = vals[0].vector().getDataBuffer().capacity();
        long[][] validity = new long[vals.length][];
        for (int k = 1; k < vals.length; k++) {
          vals[k] = args.get(k - 1).arg(ctx);
          validity[k] = Bitmaps.validity(vals[k].vector(), n);
          bytes += vals[k].vector().getDataBuffer().capacity();
        }
        long[] valid = Bitmaps.validity(vals[0].vector(), n);
        ArrowBuf so = vals[0].vector().getOffsetBuffer();
        ArrowBuf sd = vals[0].vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, bytes)) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              boolean first = true;
              for (int k = 1; k < vals.length; k++) {
                if (Bitmaps.get(validity[k], i)) {
                  if (!first) {
                    int ss = start(so, i);
                    out.append(sd, ss, end(so, i) - ss);
                  }
                  ArrowBuf o = vals[k].vector().getOffsetBuffer();
                  int s = start(o, i);
                  out.append(vals[k].vector().getDataBuffer(), s, end(o, i) - s);
                  first = false;
                }
              }
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      } finally {
        closeAll(vals);
      }
    }
  }
}
