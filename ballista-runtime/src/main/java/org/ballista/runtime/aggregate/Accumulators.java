package org.ballista.runtime.aggregate;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Chooses the accumulator of an aggregate call for a mode and input schema, and describes the
 * PARTIAL state columns of each call:
 *
 * <ul>
 *   <li>COUNT: INT64 count (not null).
 *   <li>SUM, MIN, MAX, ANY_VALUE: one column of the call's result type.
 *   <li>AVG: the sum, then the INT64 count. The sum is DECIMAL(38, s) for a DECIMAL(p, s) argument
 *       (the input's scale, so no rounding happens before FINAL), INT64 for INT32/INT64 arguments,
 *       FLOAT64 for FLOAT64 arguments. Named {@code <name>$sum} and {@code <name>$count}.
 * </ul>
 */
final class Accumulators {
  private Accumulators() {}

  /** The accumulator for {@code call} in {@code mode}; validates the argument type. */
  static Accumulator create(AggregateCall call, AggregateMode mode, Schema inputSchema) {
    boolean merge = mode == AggregateMode.FINAL;
    int arg = call.argument();
    DataType result = call.type();
    if (arg < 0) {
      if (call.function() != AggregateCall.AggregateFunction.COUNT || merge) {
        throw planning(call, "needs an argument column");
      }
      return new CountAccumulator(-1, false, result);
    }
    DataType in = typeAt(inputSchema, arg, call);
    switch (call.function()) {
      case COUNT -> {
        if (merge && !(in instanceof DataType.Int64)) {
          throw planning(call, "FINAL COUNT expects an INT64 partial count, got " + in);
        }
        return new CountAccumulator(arg, merge, result);
      }
      case SUM -> {
        if (in instanceof DataType.Float64) {
          return new DoubleSumAccumulator(arg, result);
        }
        if (in instanceof DataType.Int32 || in instanceof DataType.Int64 || in instanceof DataType.Decimal) {
          return new LongSumAccumulator(arg, scaleOf(in), result);
        }
        throw typeMismatch(call, in);
      }
      case AVG -> {
        int countColumn = -1;
        if (merge) {
          countColumn = arg + 1;
          DataType count = typeAt(inputSchema, countColumn, call);
          if (!(count instanceof DataType.Int64)) {
            throw planning(call, "FINAL AVG expects an INT64 partial count at column " + countColumn + ", got " + count);
          }
        }
        if (in instanceof DataType.Float64) {
          return new DoubleAvgAccumulator(arg, countColumn, result);
        }
        if (in instanceof DataType.Int32 || in instanceof DataType.Int64 || in instanceof DataType.Decimal) {
          return new LongAvgAccumulator(arg, countColumn, scaleOf(in), result);
        }
        throw typeMismatch(call, in);
      }
      case MIN, MAX, ANY_VALUE -> {
        Extremum kind = switch (call.function()) {
          case MIN -> Extremum.MIN;
          case MAX -> Extremum.MAX;
          default -> Extremum.ANY;
        };
        if (in instanceof DataType.Utf8) {
          return new StringMinMaxAccumulator(arg, kind);
        }
        if (in instanceof DataType.Float64) {
          return new DoubleMinMaxAccumulator(arg, kind, result);
        }
        if (in instanceof DataType.Bool || in instanceof DataType.Int32 || in instanceof DataType.Int64
            || in instanceof DataType.Date || in instanceof DataType.Decimal
            || in instanceof DataType.IntervalDays || in instanceof DataType.IntervalMonths) {
          return new LongMinMaxAccumulator(arg, kind, scaleOf(in), result);
        }
        throw typeMismatch(call, in);
      }
      default -> throw BallistaException.unsupported("aggregation: unsupported function " + call.function());
    }
  }

  /** The PARTIAL state fields of {@code call} over {@code inputSchema} (raw rows). */
  static List<Field> stateFields(AggregateCall call, Schema inputSchema) {
    return org.ballista.api.plan.AggregateStates.stateFields(call, inputSchema);
  }

  static DataType typeAt(Schema schema, int column, AggregateCall call) {
    if (column < 0 || column >= schema.getFields().size()) {
      throw planning(call, "column " + column + " is out of range (input has "
          + schema.getFields().size() + " columns)");
    }
    return Vectors.typeOf(schema.getFields().get(column));
  }

  private static int scaleOf(DataType type) {
    return type instanceof DataType.Decimal d ? d.scale() : 0;
  }

  private static BallistaException planning(AggregateCall call, String problem) {
    return new BallistaException(BallistaException.Kind.PLANNING,
        "aggregation: " + call.function() + " (" + call.name() + ") " + problem);
  }

  private static BallistaException typeMismatch(AggregateCall call, DataType in) {
    return new BallistaException(BallistaException.Kind.TYPE_MISMATCH,
        "aggregation: " + call.function() + " (" + call.name() + ") does not accept an argument of type " + in);
  }
}
