package org.ballista.runtime.window;

import org.ballista.runtime.vector.DecimalMath;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.WindowCall;
import org.ballista.api.plan.WindowCall.WindowFunction;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.types.DataType;

/**
 * Computes one {@link WindowCall} over the buffered rows of a partition. Validated when built (at
 * plan construction): argument column, argument and result types, frame. Immutable.
 *
 * <p>Result types: ROW_NUMBER, RANK, DENSE_RANK, NTILE, COUNT write INT64 (or INT32); PERCENT_RANK
 * and CUME_DIST FLOAT64; LAG, LEAD, FIRST_VALUE, LAST_VALUE, MIN, MAX the argument's type (any
 * engine type for the first four; MIN/MAX need an orderable one: BOOL, INT32, INT64, FLOAT64, DATE,
 * DECIMAL(p ≤ 18), UTF8). SUM and AVG take INT32, INT64, DECIMAL(p ≤ 18) (exact scaled longs,
 * overflow-checked) or FLOAT64, and write the call's type: SUM keeps the argument's scale (rescaled
 * exactly to a DECIMAL result type), AVG of integers/decimals rounds half away from zero to a
 * DECIMAL result, divides as doubles for FLOAT64 and truncates for integer results, like the hash
 * aggregate.
 */
final class CallEvaluator {
  private final WindowCall call;
  private final DataType argType;
  private final int argScale;
  private final String label;

  CallEvaluator(WindowCall call, Schema input) {
    this.call = call;
    this.label = call.function() + " (" + call.name() + ")";
    WindowFunction f = call.function();
    int columns = input.getFields().size();
    boolean needsArgument = switch (f) {
      case LAG, LEAD, FIRST_VALUE, LAST_VALUE, SUM, AVG, MIN, MAX -> true;
      case COUNT -> call.argument() >= 0;
      default -> false;
    };
    if (needsArgument) {
      if (call.argument() < 0 || call.argument() >= columns) {
        throw planning("argument column " + call.argument() + " out of range (" + columns + " input columns)");
      }
      argType = DataType.fromArrow(input.getFields().get(call.argument()).getType());
    } else {
      argType = null;
    }
    argScale = argType instanceof DataType.Decimal d ? d.scale() : 0;
    if (f.usesFrame()) {
      FrameBounds.check(call.frame(), label);
    }
    DataType type = call.type();
    switch (f) {
      case ROW_NUMBER, RANK, DENSE_RANK, NTILE, COUNT -> requireType(type instanceof DataType.Int64 || type instanceof DataType.Int32);
      case PERCENT_RANK, CUME_DIST -> requireType(type instanceof DataType.Float64);
      case LAG, LEAD, FIRST_VALUE, LAST_VALUE -> requireType(type.toArrow().equals(argType.toArrow()));
      case MIN, MAX -> {
        requireType(type.toArrow().equals(argType.toArrow()));
        boolean orderable = argType instanceof DataType.Bool || argType instanceof DataType.Int32
            || argType instanceof DataType.Int64 || argType instanceof DataType.Float64
            || argType instanceof DataType.Date || argType instanceof DataType.Utf8
            || (argType instanceof DataType.Decimal d && d.fitsInLong());
        if (!orderable) {
          throw unsupported("argument type " + argType);
        }
      }
      case SUM, AVG -> {
        if (argType instanceof DataType.Float64) {
          requireType(type instanceof DataType.Float64);
        } else if (argType instanceof DataType.Int32 || argType instanceof DataType.Int64
            || (argType instanceof DataType.Decimal d && d.fitsInLong())) {
          requireType(type instanceof DataType.Int32 || type instanceof DataType.Int64 || type instanceof DataType.Float64
              || (type instanceof DataType.Decimal d && d.fitsInLong()));
        } else {
          throw unsupported("argument type " + argType);
        }
      }
    }
    if (f == WindowFunction.NTILE && call.offset() < 1) {
      throw planning("NTILE needs at least one bucket, got " + call.offset());
    }
  }

  private void requireType(boolean ok) {
    if (!ok) {
      throw planning("result type " + call.type() + " does not fit the function"
          + (argType == null ? "" : " over " + argType));
    }
  }

  private BallistaException planning(String what) {
    return new BallistaException(BallistaException.Kind.PLANNING, "window " + label + ": " + what);
  }

  private BallistaException unsupported(String what) {
    return BallistaException.unsupported("window " + label + ": unsupported " + what);
  }

  WindowCall call() {
    return call;
  }

  /** Whether the call needs the peer groups (ranks, cumulative distribution, RANGE CURRENT ROW bounds). */
  boolean needsPeers() {
    return switch (call.function()) {
      case RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST -> true;
      case ROW_NUMBER, NTILE, LAG, LEAD -> false;
      default -> call.frame().units() == WindowFrame.Units.RANGE
          && (call.frame().lower().kind() == WindowFrame.BoundKind.CURRENT_ROW
          || call.frame().upper().kind() == WindowFrame.BoundKind.CURRENT_ROW);
    };
  }

  /**
   * The call's values for every buffered row. {@code lo}/{@code hi} are scratch arrays of at least
   * the row count; {@code field} is the output field (used for LAG/LEAD defaults).
   */
  WindowColumn compute(WindowInput input, Boundaries bounds, int[] lo, int[] hi, Field field, BufferAllocator allocator) {
    int n = bounds.rowCount;
    WindowFunction f = call.function();
    switch (f) {
      case ROW_NUMBER:
        return RankingKernels.rowNumber(bounds);
      case RANK:
        return RankingKernels.rank(bounds);
      case DENSE_RANK:
        return RankingKernels.denseRank(bounds);
      case PERCENT_RANK:
        return RankingKernels.percentRank(bounds);
      case CUME_DIST:
        return RankingKernels.cumeDist(bounds);
      case NTILE:
        return RankingKernels.ntile(bounds, call.offset());
      case LAG:
      case LEAD: {
        int[] refs = RankingKernels.lagLead(bounds, call.offset(), f == WindowFunction.LEAD);
        FieldVector def = LiteralVectors.oneRow(field, call.defaultValue(), allocator);
        return new WindowColumn.Refs(refs, call.argument(), def);
      }
      default:
        break;
    }
    WindowFrame frame = call.frame();
    FrameBounds.compute(frame, bounds, lo, hi);
    if (f == WindowFunction.FIRST_VALUE || f == WindowFunction.LAST_VALUE) {
      return new WindowColumn.Refs(FrameKernels.firstLast(lo, hi, n, f == WindowFunction.LAST_VALUE), call.argument(), null);
    }
    ColumnValues values = call.argument() < 0 ? null : ColumnValues.read(input.batches(), call.argument(), n);
    return switch (f) {
      case COUNT -> new WindowColumn.Longs(FrameKernels.count(values, lo, hi, n), null);
      case MIN, MAX -> new WindowColumn.Refs(FrameKernels.extremum(values, lo, hi, n, f == WindowFunction.MAX),
          call.argument(), null);
      case SUM, AVG -> values.kind == ColumnValues.Kind.DOUBLE
          ? doubleSumAvg(values, bounds, lo, hi)
          : longSumAvg(values, lo, hi, n);
      default -> throw BallistaException.internal("window: unexpected function " + f, null);
    };
  }

  private WindowColumn doubleSumAvg(ColumnValues values, Boundaries bounds, int[] lo, int[] hi) {
    int n = bounds.rowCount;
    double[] sums = new double[n];
    long[] counts = new long[n];
    boolean suffixes = call.frame().upper().kind() == WindowFrame.BoundKind.UNBOUNDED_FOLLOWING;
    FrameKernels.doubleSums(values, lo, hi, bounds, suffixes, sums, counts);
    boolean[] valid = validWhereCounted(counts, n);
    if (call.function() == WindowFunction.AVG) {
      for (int i = 0; i < n; i++) {
        if (counts[i] != 0) {
          sums[i] /= counts[i];
        }
      }
    }
    return new WindowColumn.Doubles(sums, valid);
  }

  private WindowColumn longSumAvg(ColumnValues values, int[] lo, int[] hi, int n) {
    boolean avg = call.function() == WindowFunction.AVG;
    String what = avg ? "AVG" : "SUM";
    long[] sums = new long[n];
    long[] counts = new long[n];
    FrameKernels.longSums(values, lo, hi, n, sums, counts, what);
    boolean[] valid = validWhereCounted(counts, n);
    DataType type = call.type();
    if (type instanceof DataType.Float64) {
      double divisor = Math.pow(10, argScale);
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        if (counts[i] != 0) {
          out[i] = avg ? sums[i] / divisor / counts[i] : sums[i] / divisor;
        }
      }
      return new WindowColumn.Doubles(out, valid);
    }
    // sums becomes the output: final values of the call's type
    if (type instanceof DataType.Decimal d) {
      int scale = d.scale();
      for (int i = 0; i < n; i++) {
        if (counts[i] != 0) {
          sums[i] = avg ? DecimalMath.average(sums[i], argScale, counts[i], scale)
              : DecimalMath.rescale(sums[i], argScale, scale, what);
        }
      }
    } else {
      long divisor = org.ballista.runtime.vector.DecimalVectors.powerOfTen(Math.min(argScale, 18));
      boolean int32 = type instanceof DataType.Int32;
      for (int i = 0; i < n; i++) {
        if (counts[i] != 0) {
          long x = avg ? sums[i] / divisor / counts[i] : DecimalMath.rescale(sums[i], argScale, 0, what);
          if (int32 && x != (int) x) {
            throw DecimalMath.overflow(what);
          }
          sums[i] = x;
        }
      }
    }
    return new WindowColumn.Longs(sums, valid);
  }

  /** Validity flags (null when every row is valid) of rows whose frame counted a value. */
  private static boolean[] validWhereCounted(long[] counts, int n) {
    boolean[] valid = null;
    for (int i = 0; i < n; i++) {
      if (counts[i] == 0) {
        if (valid == null) {
          valid = new boolean[n];
          java.util.Arrays.fill(valid, 0, i, true);
        }
      } else if (valid != null) {
        valid[i] = true;
      }
    }
    return valid;
  }
}
