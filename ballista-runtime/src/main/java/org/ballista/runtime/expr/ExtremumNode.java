package org.ballista.runtime.expr;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/**
 * GREATEST / LEAST of arguments already coerced to one type, ignoring NULLs (NULL only when all are
 * NULL). Works column by column: for each argument, every row whose value beats the current pick
 * switches its pick to that argument; the result is then gathered by {@link Merge#select}.
 * Ties keep the earlier argument.
 */
final class ExtremumNode extends Node {
  private final boolean greatest;
  private final List<Node> args;

  ExtremumNode(boolean greatest, List<Node> args, DataType type) {
    super(type);
    this.greatest = greatest;
    this.args = List.copyOf(args);
    TypeKind k = TypeKind.of(type);
    if (k == TypeKind.NULL) {
      throw BallistaException.internal("GREATEST/LEAST of NULL type", null);
    }
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
      int[] picks = new int[n];
      Arrays.fill(picks, -1);
      FieldVector[] sources = new FieldVector[vals.length];
      for (int k = 0; k < vals.length; k++) {
        vals[k] = args.get(k).arg(ctx);
        sources[k] = vals[k].vector();
      }
      switch (TypeKind.of(type)) {
        case FLOAT64 -> pickDoubles(sources, picks, n);
        case UTF8 -> pickStrings(sources, picks, n);
        case BOOL -> pickBools(sources, picks, n);
        case DECIMAL -> pickDecimals(sources, picks, n);
        default -> pickLongs(sources, picks, n);
      }
      return Merge.select(type, sources, picks, n, ctx.allocator());
    } finally {
      for (Arg a : vals) {
        if (a != null) {
          a.close();
        }
      }
    }
  }

  /** Whether a candidate comparing {@code cmp} against the current pick replaces it. */
  private boolean wins(int cmp) {
    return greatest ? cmp > 0 : cmp < 0;
  }

  private void pickLongs(FieldVector[] sources, int[] picks, int n) {
    long[] cur = new long[n];
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] instanceof NullVector) {
        continue;
      }
      long[] valid = Bitmaps.validity(sources[k], n);
      ArrowBuf d = sources[k].getDataBuffer();
      int width = LongIO.width(sources[k]);
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          long v = LongIO.read(d, width, i);
          if (picks[i] < 0 || wins(Long.compare(v, cur[i]))) {
            cur[i] = v;
            picks[i] = k;
          }
        }
      }
    }
  }

  private void pickDecimals(FieldVector[] sources, int[] picks, int n) {
    long[] hi = new long[n];
    long[] lo = new long[n];
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] instanceof NullVector) {
        continue;
      }
      long[] valid = Bitmaps.validity(sources[k], n);
      ArrowBuf d = sources[k].getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          long l = d.getLong((long) i << 4);
          long h = d.getLong(((long) i << 4) + 8);
          int cmp = h != hi[i] ? Long.compare(h, hi[i]) : Long.compareUnsigned(l, lo[i]);
          if (picks[i] < 0 || wins(cmp)) {
            hi[i] = h;
            lo[i] = l;
            picks[i] = k;
          }
        }
      }
    }
  }

  private void pickDoubles(FieldVector[] sources, int[] picks, int n) {
    double[] cur = new double[n];
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] instanceof NullVector) {
        continue;
      }
      long[] valid = Bitmaps.validity(sources[k], n);
      ArrowBuf d = sources[k].getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          double v = d.getDouble((long) i << 3);
          if (picks[i] < 0 || wins(Double.compare(v, cur[i]))) {
            cur[i] = v;
            picks[i] = k;
          }
        }
      }
    }
  }

  private void pickBools(FieldVector[] sources, int[] picks, int n) {
    boolean[] cur = new boolean[n];
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] instanceof NullVector) {
        continue;
      }
      long[] valid = Bitmaps.validity(sources[k], n);
      ArrowBuf d = sources[k].getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          boolean v = (d.getByte(i >>> 3) >> (i & 7) & 1) != 0;
          if (picks[i] < 0 || wins(Boolean.compare(v, cur[i]))) {
            cur[i] = v;
            picks[i] = k;
          }
        }
      }
    }
  }

  private void pickStrings(FieldVector[] sources, int[] picks, int n) {
    for (int k = 0; k < sources.length; k++) {
      if (sources[k] instanceof NullVector) {
        continue;
      }
      long[] valid = Bitmaps.validity(sources[k], n);
      ArrowBuf o = sources[k].getOffsetBuffer();
      ArrowBuf d = sources[k].getDataBuffer();
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          int p = picks[i];
          if (p < 0) {
            picks[i] = k;
            continue;
          }
          int s = o.getInt((long) i << 2);
          int l = o.getInt(((long) i + 1) << 2) - s;
          ArrowBuf po = sources[p].getOffsetBuffer();
          int ps = po.getInt((long) i << 2);
          int pl = po.getInt(((long) i + 1) << 2) - ps;
          if (wins(Utf8Bytes.compare(d, s, l, sources[p].getDataBuffer(), ps, pl))) {
            picks[i] = k;
          }
        }
      }
    }
  }
}
