package org.ballista.runtime.expr;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;

/**
 * CAST between the engine's types: numerics with each other (rescaling half-up, overflow errors),
 * numerics/DATE/BOOL to and from UTF8 (parse errors name the value), NULL to anything.
 */
final class CastNode extends Node {
  private final Node input;
  private final TypeKind from;
  private final TypeKind to;
  private final int fromScale;
  private final int toScale;
  private final boolean wideSource;
  /** Exclusive bound on the magnitude of the target's unscaled value (0 = any long). */
  private final long limit;
  private final String overflow;

  CastNode(Node input, DataType target) {
    super(target);
    this.input = input;
    this.from = TypeKind.of(input.type);
    this.to = TypeKind.of(target);
    this.fromScale = TypeKind.scale(input.type);
    this.toScale = TypeKind.scale(target);
    this.wideSource = input.type instanceof DataType.Decimal d && !d.fitsInLong();
    long lim = 0;
    if (target instanceof DataType.Decimal d && d.fitsInLong()) {
      lim = DecimalVectors.powerOfTen(d.precision());
    } else if (to == TypeKind.INT32) {
      lim = 1L << 31;
    }
    this.limit = lim;
    this.overflow = (to == TypeKind.DECIMAL ? Kernels.DECIMAL_OVERFLOW : Kernels.INTEGER_OVERFLOW)
        + ": value out of range for " + target;
  }

  /** Whether CAST(from AS to) is supported. */
  static boolean supported(DataType fromType, DataType toType) {
    TypeKind f = TypeKind.of(fromType);
    TypeKind t = TypeKind.of(toType);
    if (f == TypeKind.NULL || f == t || t == TypeKind.UTF8 || f == TypeKind.UTF8) {
      return t != TypeKind.NULL || f == TypeKind.NULL;
    }
    boolean fNum = f == TypeKind.INT32 || f == TypeKind.INT64 || f == TypeKind.DECIMAL || f == TypeKind.FLOAT64 || f == TypeKind.BOOL;
    boolean tNum = t == TypeKind.INT32 || t == TypeKind.INT64 || t == TypeKind.DECIMAL || t == TypeKind.FLOAT64 || t == TypeKind.BOOL;
    return fNum && tNum;
  }

  @Override
  boolean canFail() {
    return true;
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    int n = ctx.rowCount();
    if (from == TypeKind.NULL) {
      return Results.allNull(type, n, ctx.allocator());
    }
    try (Arg a = input.arg(ctx)) {
      FieldVector src = a.vector();
      long[] valid = Bitmaps.validity(src, n);
      long[] live = Bitmaps.and(valid, ctx.active());
      if (to == TypeKind.UTF8) {
        return toUtf8(src, valid, n, ctx);
      }
      FieldVector out = Results.allocate(type, n, ctx.allocator());
      try {
        switch (to) {
          case BOOL -> toBool(src, (BitVector) out, n, live);
          case FLOAT64 -> toDouble(src, out.getDataBuffer(), n, live);
          case DATE -> toDate(src, out.getDataBuffer(), n, live);
          case INT32, INT64, DECIMAL, INTERVAL_DAYS, INTERVAL_MONTHS -> toLong(src, out.getDataBuffer(), n, live);
          default -> throw BallistaException.unsupported("CAST to " + type);
        }
        return Results.finish(out, valid, n);
      } catch (RuntimeException e) {
        out.close();
        throw e;
      }
    }
  }

  private BallistaException cannotCast(FieldVector src, int i) {
    String text;
    if (from == TypeKind.UTF8) {
      ArrowBuf o = src.getOffsetBuffer();
      int s = o.getInt((long) i << 2);
      int e = o.getInt(((long) i + 1) << 2);
      byte[] bytes = new byte[e - s];
      src.getDataBuffer().getBytes(s, bytes, 0, bytes.length);
      text = new String(bytes, StandardCharsets.UTF_8);
    } else {
      text = String.valueOf(src.getObject(i));
    }
    return BallistaException.execution("cannot cast '" + text + "' to " + type);
  }

  private void toLong(FieldVector src, ArrowBuf out, int n, long[] live) {
    ArrowBuf d = src.getDataBuffer();
    int width = to == TypeKind.INT32 || to == TypeKind.INTERVAL_MONTHS ? 4 : to == TypeKind.DECIMAL ? 16 : 8;
    int shift = toScale - fromScale;
    long factor = DecimalVectors.powerOfTen(Math.min(18, Math.abs(shift)));
    if (Math.abs(shift) > 18) {
      throw BallistaException.unsupported("rescale by more than 18 digits: " + input.type + " to " + type);
    }
    TextCodec codec = from == TypeKind.UTF8 ? new TextCodec() : null;
    ArrowBuf offsets = from == TypeKind.UTF8 ? src.getOffsetBuffer() : null;
    double scaleUp = Math.pow(10, toScale);
    for (int i = 0; i < n; i++) {
      long v;
      switch (from) {
        case INT32, DATE, INTERVAL_MONTHS -> v = d.getInt((long) i << 2);
        case INT64, INTERVAL_DAYS -> v = d.getLong((long) i << 3);
        case DECIMAL -> {
          v = d.getLong((long) i << 4);
          if (wideSource && d.getLong(((long) i << 4) + 8) != (v >> 63)) {
            Kernels.fail(live, i, overflow);
          }
        }
        case BOOL -> v = (d.getByte(i >>> 3) >> (i & 7)) & 1;
        case FLOAT64 -> {
          double x = d.getDouble((long) i << 3) * scaleUp;
          double r = Math.floor(Math.abs(x) + 0.5);
          if (!(r < 9.2e18)) {
            if (Bitmaps.get(live, i)) {
              throw Double.isNaN(x) ? cannotCast(src, i) : BallistaException.execution(overflow);
            }
            r = 0;
          }
          v = x < 0 ? -(long) r : (long) r;
          writeLong(out, width, i, v, live);
          continue;
        }
        case UTF8 -> {
          int s = offsets.getInt((long) i << 2);
          int len = offsets.getInt(((long) i + 1) << 2) - s;
          v = codec.parseDecimal(d, s, len, toScale);
          if (!codec.ok && Bitmaps.get(live, i)) {
            throw cannotCast(src, i);
          }
          writeLong(out, width, i, v, live);
          continue;
        }
        default -> throw BallistaException.unsupported("CAST from " + input.type + " to " + type);
      }
      if (shift > 0) {
        v = Kernels.scaleUp(v, factor, live, i, overflow);
      } else if (shift < 0) {
        v = Kernels.roundDiv(v, factor);
      }
      writeLong(out, width, i, v, live);
    }
  }

  private void writeLong(ArrowBuf out, int width, int i, long v, long[] live) {
    if (limit != 0 && (v >= limit || v <= -limit) && !(to == TypeKind.INT32 && v == -limit)) {
      Kernels.fail(live, i, overflow);
    }
    switch (width) {
      case 4 -> out.setInt((long) i << 2, (int) v);
      case 8 -> out.setLong((long) i << 3, v);
      default -> {
        out.setLong((long) i << 4, v);
        out.setLong(((long) i << 4) + 8, v >> 63);
      }
    }
  }

  private void toDouble(FieldVector src, ArrowBuf out, int n, long[] live) {
    ArrowBuf d = src.getDataBuffer();
    double div = Math.pow(10, fromScale);
    TextCodec codec = new TextCodec();
    for (int i = 0; i < n; i++) {
      double x;
      switch (from) {
        case INT32 -> x = d.getInt((long) i << 2);
        case INT64 -> x = d.getLong((long) i << 3);
        case DECIMAL -> x = d.getLong((long) i << 4) / div;
        case BOOL -> x = (d.getByte(i >>> 3) >> (i & 7)) & 1;
        case UTF8 -> {
          ArrowBuf o = src.getOffsetBuffer();
          int s = o.getInt((long) i << 2);
          int len = o.getInt(((long) i + 1) << 2) - s;
          x = Bitmaps.get(live, i) ? codec.parseDouble(d, s, len) : 0;
          if (Bitmaps.get(live, i) && !codec.ok) {
            throw cannotCast(src, i);
          }
        }
        default -> throw BallistaException.unsupported("CAST from " + input.type + " to " + type);
      }
      out.setDouble((long) i << 3, x);
    }
  }

  private void toBool(FieldVector src, BitVector out, int n, long[] live) {
    ArrowBuf d = src.getDataBuffer();
    long[] bits = new long[Bitmaps.words(n)];
    TextCodec codec = new TextCodec();
    for (int i = 0; i < n; i++) {
      boolean b;
      switch (from) {
        case INT32 -> b = d.getInt((long) i << 2) != 0;
        case INT64 -> b = d.getLong((long) i << 3) != 0;
        case DECIMAL -> b = d.getLong((long) i << 4) != 0;
        case FLOAT64 -> b = d.getDouble((long) i << 3) != 0;
        case UTF8 -> {
          ArrowBuf o = src.getOffsetBuffer();
          int s = o.getInt((long) i << 2);
          int len = o.getInt(((long) i + 1) << 2) - s;
          b = codec.parseBool(d, s, len);
          if (!codec.ok && Bitmaps.get(live, i)) {
            throw cannotCast(src, i);
          }
        }
        default -> throw BallistaException.unsupported("CAST from " + input.type + " to " + type);
      }
      if (b) {
        Bitmaps.set(bits, i);
      }
    }
    Bitmaps.store(bits, out.getDataBuffer(), n);
  }

  private void toDate(FieldVector src, ArrowBuf out, int n, long[] live) {
    if (from != TypeKind.UTF8) {
      throw BallistaException.unsupported("CAST from " + input.type + " to " + type);
    }
    ArrowBuf d = src.getDataBuffer();
    ArrowBuf o = src.getOffsetBuffer();
    TextCodec codec = new TextCodec();
    for (int i = 0; i < n; i++) {
      int s = o.getInt((long) i << 2);
      int len = o.getInt(((long) i + 1) << 2) - s;
      int days = codec.parseDate(d, s, len);
      if (!codec.ok && Bitmaps.get(live, i)) {
        throw cannotCast(src, i);
      }
      out.setInt((long) i << 2, days);
    }
  }

  private static final byte[] TRUE = "TRUE".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "FALSE".getBytes(StandardCharsets.US_ASCII);

  private FieldVector toUtf8(FieldVector src, long[] valid, int n, EvalContext ctx) {
    ArrowBuf d = src.getDataBuffer();
    Utf8Builder out = new Utf8Builder(ctx.allocator(), n, n * 12L);
    try {
      for (int i = 0; i < n; i++) {
        if (Bitmaps.get(valid, i)) {
          switch (from) {
            case INT32 -> TextCodec.writeLong(out, d.getInt((long) i << 2));
            case INT64 -> TextCodec.writeLong(out, d.getLong((long) i << 3));
            case DECIMAL -> TextCodec.writeDecimal(out, d.getLong((long) i << 4), fromScale);
            case DATE -> TextCodec.writeDate(out, d.getInt((long) i << 2));
            case BOOL -> out.append(((d.getByte(i >>> 3) >> (i & 7)) & 1) != 0 ? TRUE : FALSE);
            case FLOAT64 -> out.append(Double.toString(d.getDouble((long) i << 3)).getBytes(StandardCharsets.US_ASCII));
            default -> throw BallistaException.unsupported("CAST from " + input.type + " to " + type);
          }
        }
        out.endRow(i);
      }
      return out.finish(valid, n);
    } finally {
      out.close();
    }
  }
}
