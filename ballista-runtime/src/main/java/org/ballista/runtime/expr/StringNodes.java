package org.ballista.runtime.expr;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;

/**
 * String functions on UTF-8 bytes, writing results straight into VarCharVector buffers. Positions
 * and lengths are in characters (code points); ASCII bytes take a one-byte fast path.
 */
final class StringNodes {
  private StringNodes() {}

  private static int start(ArrowBuf offsets, int i) {
    return offsets.getInt((long) i << 2);
  }

  private static int end(ArrowBuf offsets, int i) {
    return offsets.getInt(((long) i + 1) << 2);
  }

  /** SUBSTRING(s, start [, length]) with SQL semantics (positions before 1 count but yield nothing). */
  static final class Substring extends Node {
    private final Node input;
    private final Node startArg;
    private final Node lengthArg;

    Substring(Node input, Node startArg, Node lengthArg) {
      super(DataType.UTF8);
      this.input = input;
      this.startArg = startArg;
      this.lengthArg = lengthArg;
    }

    @Override
    boolean canFail() {
      return lengthArg != null;
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg s = input.arg(ctx);
          LongIO.IntOperand st = new LongIO.IntOperand(startArg, ctx);
          LongIO.IntOperand ln = lengthArg == null ? null : new LongIO.IntOperand(lengthArg, ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.and(Bitmaps.validity(s.vector(), n), st.validity), ln == null ? null : ln.validity);
        long[] live = Bitmaps.and(valid, ctx.active());
        ArrowBuf o = s.vector().getOffsetBuffer();
        ArrowBuf d = s.vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, d.capacity())) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              long from = st.get(i);
              long endExcl = Long.MAX_VALUE;
              if (ln != null) {
                long len = ln.get(i);
                if (len < 0) {
                  Kernels.fail(live, i, "negative substring length " + len);
                  len = 0;
                }
                endExcl = from + len;
              }
              long begin = Math.max(from, 1);
              if (endExcl > begin) {
                int bs = start(o, i);
                int bl = end(o, i) - bs;
                int p = Utf8Bytes.skipChars(d, bs, bl, 0, begin - 1);
                int q = endExcl == Long.MAX_VALUE ? bl : Utf8Bytes.skipChars(d, bs, bl, p, endExcl - begin);
                out.append(d, bs + p, q - p);
              }
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      }
    }
  }

  /** Concatenation; NULL if any argument is NULL. */
  static final class Concat extends Node {
    private final List<Node> args;

    Concat(List<Node> args) {
      super(DataType.UTF8);
      this.args = List.copyOf(args);
    }

    @Override
    boolean canFail() {
      return args.stream().anyMatch(Node::canFail);
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      Arg[] vals = new Arg[args.size()];
      try {
        long[] valid = null;
        long bytes = 0;
        for (int k = 0; k < vals.length; k++) {
          vals[k] = args.get(k).arg(ctx);
          valid = Bitmaps.and(valid, Bitmaps.validity(vals[k].vector(), n));
          if (!(vals[k].vector() instanceof org.apache.arrow.vector.NullVector)) {
            bytes += vals[k].vector().getDataBuffer().capacity();
          }
        }
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, bytes)) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              for (Arg a : vals) {
                ArrowBuf o = a.vector().getOffsetBuffer();
                int s = start(o, i);
                out.append(a.vector().getDataBuffer(), s, end(o, i) - s);
              }
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      } finally {
        for (Arg a : vals) {
          if (a != null) {
            a.close();
          }
        }
      }
    }
  }

  /** UPPER, LOWER, REVERSE, TRIM, LTRIM, RTRIM (spaces). */
  static final class Transform extends Node {
    private final Op op;
    private final Node input;

    Transform(Op op, Node input) {
      super(DataType.UTF8);
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
        long[] valid = Bitmaps.validity(a.vector(), n);
        ArrowBuf o = a.vector().getOffsetBuffer();
        ArrowBuf d = a.vector().getDataBuffer();
        try (Utf8Builder out = new Utf8Builder(ctx.allocator(), n, d.capacity())) {
          for (int i = 0; i < n; i++) {
            if (Bitmaps.get(valid, i)) {
              int s = start(o, i);
              int e = end(o, i);
              switch (op) {
                case UPPER -> changeCase(d, s, e, out, true);
                case LOWER -> changeCase(d, s, e, out, false);
                case REVERSE -> reverse(d, s, e, out);
                default -> {
                  if (op != Op.RTRIM) {
                    while (s < e && d.getByte(s) == ' ') {
                      s++;
                    }
                  }
                  if (op != Op.LTRIM) {
                    while (e > s && d.getByte(e - 1) == ' ') {
                      e--;
                    }
                  }
                  out.append(d, s, e - s);
                }
              }
            }
            out.endRow(i);
          }
          return out.finish(valid, n);
        }
      }
    }

    /** The characters of {@code d[s, e)} in reverse order (a malformed byte counts as one character). */
    private static void reverse(ArrowBuf d, int s, int e, Utf8Builder out) {
      out.ensure(e - s);
      int p = e;
      while (p > s) {
        int q = p - 1;
        // back over continuation bytes to the lead byte (at most 3)
        while (q > s && p - q < 4 && (d.getByte(q) & 0xC0) == 0x80) {
          q--;
        }
        if (Utf8Bytes.charLength(d.getByte(q)) != p - q) {
          q = p - 1; // malformed: reverse this byte alone
        }
        for (int k = q; k < p; k++) {
          out.put(d.getByte(k));
        }
        p = q;
      }
    }

    private static void changeCase(ArrowBuf d, int s, int e, Utf8Builder out, boolean upper) {
      out.ensure((long) (e - s) * 2);
      int p = s;
      while (p < e) {
        int b = d.getByte(p) & 0xFF;
        if (b < 0x80) {
          if (upper && b >= 'a' && b <= 'z') {
            b -= 32;
          } else if (!upper && b >= 'A' && b <= 'Z') {
            b += 32;
          }
          out.put(b);
          p++;
          continue;
        }
        int len = Math.min(Utf8Bytes.charLength((byte) b), e - p);
        int cp = decode(d, p, len);
        int mapped = upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
        if (cp < 0 || mapped == cp) {
          for (int k = 0; k < len; k++) {
            out.put(d.getByte(p + k));
          }
        } else {
          encode(mapped, out);
        }
        p += len;
      }
    }

    /** The code point of a len-byte sequence, or -1 if malformed. */
    private static int decode(ArrowBuf d, int p, int len) {
      int b = d.getByte(p) & 0xFF;
      int cp;
      switch (len) {
        case 2 -> cp = b & 0x1F;
        case 3 -> cp = b & 0x0F;
        case 4 -> cp = b & 0x07;
        default -> {
          return -1;
        }
      }
      for (int k = 1; k < len; k++) {
        int c = d.getByte(p + k) & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return -1;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      return cp;
    }

    private static void encode(int cp, Utf8Builder out) {
      out.ensure(4);
      if (cp < 0x80) {
        out.put(cp);
      } else if (cp < 0x800) {
        out.put(0xC0 | (cp >> 6));
        out.put(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.put(0xE0 | (cp >> 12));
        out.put(0x80 | ((cp >> 6) & 0x3F));
        out.put(0x80 | (cp & 0x3F));
      } else {
        out.put(0xF0 | (cp >> 18));
        out.put(0x80 | ((cp >> 12) & 0x3F));
        out.put(0x80 | ((cp >> 6) & 0x3F));
        out.put(0x80 | (cp & 0x3F));
      }
    }
  }

  /** CHAR_LENGTH(s) and POSITION(needle IN haystack), in characters. */
  static final class Measure extends Node {
    private final Op op;
    private final Node first;
    private final Node second;

    Measure(Op op, Node first, Node second, DataType type) {
      super(type);
      this.op = op;
      this.first = first;
      this.second = second;
    }

    @Override
    boolean canFail() {
      return first.canFail() || (second != null && second.canFail());
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      try (Arg a = first.arg(ctx);
          Arg b = second == null ? null : second.arg(ctx)) {
        long[] valid = Bitmaps.and(Bitmaps.validity(a.vector(), n), b == null ? null : Bitmaps.validity(b.vector(), n));
        FieldVector out = Results.allocate(type, n, ctx.allocator());
        try {
          ArrowBuf res = out.getDataBuffer();
          int width = LongIO.width(out);
          ArrowBuf ao = a.vector().getOffsetBuffer();
          ArrowBuf ad = a.vector().getDataBuffer();
          for (int i = 0; i < n; i++) {
            long v = 0;
            if (Bitmaps.get(valid, i)) {
              int as = start(ao, i);
              int al = end(ao, i) - as;
              if (op == Op.CHAR_LENGTH) {
                v = Utf8Bytes.charCount(ad, as, al);
              } else {
                ArrowBuf ho = b.vector().getOffsetBuffer();
                ArrowBuf hd = b.vector().getDataBuffer();
                int hs = start(ho, i);
                int hl = end(ho, i) - hs;
                int at = Utf8Bytes.indexOf(hd, hs, hl, ad, as, al);
                v = at < 0 ? 0 : Utf8Bytes.charCount(hd, hs, at) + 1;
              }
            }
            LongIO.write(res, width, i, v, null, Kernels.INTEGER_OVERFLOW);
          }
          return Results.finish(out, valid, n);
        } catch (RuntimeException e) {
          out.close();
          throw e;
        }
      }
    }
  }

  static BallistaException badArgs(Op op, int count) {
    return new BallistaException(BallistaException.Kind.PLANNING, op + " does not take " + count + " arguments");
  }
}
