package org.ballista.api.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;

/**
 * The contract between PARTIAL and FINAL aggregation (see {@link AggregateMode}): which state
 * columns a PARTIAL aggregation emits, and the calls a FINAL aggregation runs over them. Planners
 * and operators both use it, so a plan split across processes agrees on the layout.
 */
public final class AggregateStates {
  private AggregateStates() {}

  /** The PARTIAL output: the group keys, then each call's state columns. */
  public static Schema partialSchema(Schema inputSchema, int[] groupKeys, List<AggregateCall> aggregates) {
    List<Field> fields = new ArrayList<>();
    for (int key : groupKeys) {
      fields.add(inputSchema.getFields().get(key));
    }
    for (AggregateCall call : aggregates) {
      fields.addAll(stateFields(call, inputSchema));
    }
    return new Schema(fields);
  }

  /**
   * The state columns of one call: COUNT → count (INT64); AVG → sum (DECIMAL(38, s) for a DECIMAL
   * input of scale s, DOUBLE for DOUBLE, else BIGINT) then count (INT64); others → one column of the
   * call's result type.
   */
  public static List<Field> stateFields(AggregateCall call, Schema inputSchema) {
    if (call.distinct()) {
      throw BallistaException.unsupported(
          "aggregation: DISTINCT aggregate " + call.name() + " cannot be split into PARTIAL/FINAL");
    }
    return switch (call.function()) {
      case COUNT -> List.of(field(call.name(), DataType.INT64, false));
      case AVG -> {
        int column = call.argument();
        if (column < 0 || column >= inputSchema.getFields().size()) {
          throw new BallistaException(BallistaException.Kind.PLANNING,
              "aggregation: AVG (" + call.name() + ") column " + column + " is out of range");
        }
        DataType in = DataType.fromArrow(inputSchema.getFields().get(column).getType());
        DataType sum = in instanceof DataType.Decimal d ? DataType.decimal(38, d.scale())
            : in instanceof DataType.Float64 ? DataType.FLOAT64 : DataType.INT64;
        yield List.of(field(call.name() + "$sum", sum, true), field(call.name() + "$count", DataType.INT64, false));
      }
      default -> List.of(field(call.name(), call.type(), true));
    };
  }

  /**
   * The FINAL calls over a PARTIAL output: same function, type and name, {@code argument} at the
   * call's first state column, no FILTER (applied by PARTIAL), not DISTINCT.
   */
  public static List<AggregateCall> finalCalls(int[] groupKeys, List<AggregateCall> aggregates) {
    List<AggregateCall> result = new ArrayList<>(aggregates.size());
    int column = groupKeys.length;
    for (AggregateCall call : aggregates) {
      if (call.distinct()) {
        throw BallistaException.unsupported(
            "aggregation: DISTINCT aggregate " + call.name() + " cannot be split into PARTIAL/FINAL");
      }
      result.add(new AggregateCall(call.function(), column, false, -1, call.type(), call.name()));
      column += call.function() == AggregateCall.AggregateFunction.AVG ? 2 : 1;
    }
    return result;
  }

  /** The FINAL group keys: the first {@code groupKeys.length} columns of the PARTIAL output. */
  public static int[] finalGroupKeys(int[] groupKeys) {
    int[] keys = new int[groupKeys.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i;
    }
    return keys;
  }

  private static Field field(String name, DataType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type.toArrow(), null), null);
  }
}
