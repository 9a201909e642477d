package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;

/**
 * input [NOT] IN (literals) with the value set built once at compile time: an open-addressing
 * hash set of longs (integers, dates, decimals at the input's scale), of UTF-8 byte strings, or a
 * small array of doubles. NULL if the input is NULL, or if nothing matches and the list has a NULL.
 */
final class InListNode extends Node {
  private final Node input;
  private final TypeKind kind;
  private final boolean negated;
  private final boolean listHasNull;
  private final LongSet longs;
  private final double[] doubles;
  private final BytesSet strings;
  private final boolean hasTrue;
  private final boolean hasFalse;

  InListNode(Node input, List<Expr.Literal> values, boolean negated) {
    super(DataType.BOOL);
    this.input = input;
    this.kind = TypeKind.of(input.type);
    this.negated = negated;
    boolean hasNull = false;
    List<Long> ls = new ArrayList<>();
    List<Double> ds = new ArrayList<>();
    List<byte[]> ss = new ArrayList<>();
    boolean t = false;
    boolean f = false;
    int scale = TypeKind.scale(input.type);
    for (Expr.Literal lit : values) {
      Object v = lit.value();
      if (v == null) {
        hasNull = true;
        continue;
      }
      switch (kind) {
        case INT32, INT64, DATE, DECIMAL -> {
          if (v instanceof Number || v instanceof BigDecimal) {
            BigDecimal bd = LiteralNode.toBigDecimal(v);
            try {
              ls.add(bd.setScale(scale).unscaledValue().longValueExact());
            } catch (ArithmeticException e) {
              // not representable at the input's scale: can never be equal
            }
          } else if (v instanceof java.time.LocalDate d) {
            ls.add(d.toEpochDay());
          } else {
            throw BallistaException.unsupported("IN list value " + v + " for " + input.type);
          }
        }
        case FLOAT64 -> ds.add(((Number) v).doubleValue());
        case UTF8 -> ss.add(v.toString().getBytes(StandardCharsets.UTF_8));
        case BOOL -> {
          if ((Boolean) v) {
            t = true;
          } else {
            f = true;
          }
        }
        default -> throw BallistaException.unsupported("IN list over " + input.type);
      }
    }
    this.listHasNull = hasNull;
    this.longs = new LongSet(ls.stream().mapToLong(Long::longValue).toArray());
    this.doubles = ds.stream().mapToDouble(Double::doubleValue).toArray();
    this.strings = new BytesSet(ss);
    this.hasTrue = t;
    this.hasFalse = f;
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
      long[] hit = new long[Bitmaps.words(n)];
      if (n > 0 && !(v instanceof org.apache.arrow.vector.NullVector)) {
        ArrowBuf d = v.getDataBuffer();
        for (int i = 0; i < n; i++) {
          boolean h = switch (kind) {
            case INT32, DATE -> longs.contains(d.getInt((long) i << 2));
            case INT64 -> longs.contains(d.getLong((long) i << 3));
            case DECIMAL -> longs.contains(d.getLong((long) i << 4));
            case FLOAT64 -> containsDouble(d.getDouble((long) i << 3));
            case BOOL -> ((d.getByte(i >>> 3) >> (i & 7)) & 1) != 0 ? hasTrue : hasFalse;
            case UTF8 -> {
              ArrowBuf o = v.getOffsetBuffer();
              int s = o.getInt((long) i << 2);
              yield strings.contains(d, s, o.getInt(((long) i + 1) << 2) - s);
            }
            default -> false;
          };
          if (h) {
            Bitmaps.set(hit, i);
          }
        }
      }
      long[] outValid = new long[hit.length];
      long[] values = new long[hit.length];
      for (int w = 0; w < hit.length; w++) {
        long vw = valid == null ? -1L : valid[w];
        outValid[w] = vw & (listHasNull ? hit[w] : -1L);
        values[w] = negated ? ~hit[w] : hit[w];
      }
      Bitmaps.clearTail(outValid, n);
      return LogicNodes.bool(values, outValid, n, ctx);
    }
  }

  private boolean containsDouble(double x) {
    for (double d : doubles) {
      if (d == x) {
        return true;
      }
    }
    return false;
  }

  /** Open-addressing set of longs (linear scan when tiny). */
  static final class LongSet {
    private final long[] small;
    private final long[] table;
    private final boolean[] used;
    private final int mask;

    LongSet(long[] values) {
      long[] distinct = Arrays.stream(values).distinct().toArray();
      if (distinct.length <= 8) {
        small = distinct;
        table = null;
        used = null;
        mask = 0;
        return;
      }
      small = null;
      int cap = Integer.highestOneBit(distinct.length * 4 - 1) << 1;
      table = new long[cap];
      used = new boolean[cap];
      mask = cap - 1;
      for (long v : distinct) {
        int p = slot(v);
        while (used[p]) {
          p = (p + 1) & mask;
        }
        used[p] = true;
        table[p] = v;
      }
    }

    private int slot(long v) {
      long h = v * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 40) & mask;
    }

    boolean contains(long v) {
      if (small != null) {
        for (long x : small) {
          if (x == v) {
            return true;
          }
        }
        return false;
      }
      int p = slot(v);
      while (used[p]) {
        if (table[p] == v) {
          return true;
        }
        p = (p + 1) & mask;
      }
      return false;
    }
  }

  /** Set of UTF-8 byte strings probed directly with bytes from an Arrow buffer. */
  static final class BytesSet {
    private final byte[][] table;
    private final long[][] words;
    private final int mask;

    BytesSet(List<byte[]> values) {
      int cap = Integer.highestOneBit(Math.max(2, values.size() * 4) - 1) << 1;
      table = new byte[cap][];
      words = new long[cap][];
      mask = cap - 1;
      for (byte[] v : values) {
        int p = hash(v) & mask;
        while (table[p] != null && !Arrays.equals(table[p], v)) {
          p = (p + 1) & mask;
        }
        table[p] = v;
        words[p] = Utf8Bytes.words(v);
      }
    }

    private static int mix(int h) {
      h *= 0x9E3779B1;
      return h ^ (h >>> 15);
    }

    static int hash(byte[] v) {
      int h = v.length;
      for (byte b : v) {
        h = h * 31 + b;
      }
      return mix(h);
    }

    boolean contains(ArrowBuf d, long s, int len) {
      int h = len;
      for (int k = 0; k < len; k++) {
        h = h * 31 + d.getByte(s + k);
      }
      int p = mix(h) & mask;
      while (table[p] != null) {
        if (Utf8Bytes.equals(d, s, len, table[p], words[p])) {
          return true;
        }
        p = (p + 1) & mask;
      }
      return false;
    }
  }
}
