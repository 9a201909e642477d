package org.ballista.runtime.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateStates;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Hash aggregation (see {@link org.ballista.api.plan.PlanNode.Aggregate} and {@link AggregateMode}
 * for the semantics). Output: the group keys in {@code groupKeys} order, then per call its final
 * value (SINGLE, FINAL) or its state columns (PARTIAL, see {@link #partialSchema}).
 *
 * <p>Partitioning: as many output partitions as the input; {@code execute(p)} consumes input
 * partition {@code p} completely, then emits one row per group in batches of at most {@link
 * org.ballista.api.exec.SessionConfig#batchSize()} rows. Without group keys there is exactly one
 * output row, even over empty input (COUNT 0, other functions NULL; PARTIAL emits initial states).
 *
 * <p>Execution: keys are packed into fixed-width words (strings through per-column dictionaries)
 * and looked up in an open-addressing table over primitive arrays, a batch at a time; accumulators
 * are primitive arrays indexed by group id. The per-group state lives on the Java heap; output
 * batches are allocated from the task's allocator. Immutable and thread-safe; each stream is not.
 */
public final class HashAggregateExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final int[] groupKeys;
  private final List<AggregateCall> aggregates;
  private final AggregateMode mode;
  private final Schema outputSchema;

  public HashAggregateExec(ExecutionPlan input, int[] groupKeys, List<AggregateCall> aggregates, AggregateMode mode,
      Schema outputSchema) {
    this.input = Objects.requireNonNull(input, "input");
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
    this.mode = Objects.requireNonNull(mode, "mode");
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    validate();
  }

  private void validate() {
    Schema in = input.schema();
    int inputColumns = in.getFields().size();
    if (groupKeys.length == 0 && aggregates.isEmpty()) {
      throw planning("an aggregation needs group keys or aggregate calls");
    }
    if (groupKeys.length > KeyEncoder.MAX_KEYS) {
      throw BallistaException.unsupported("aggregation: at most " + KeyEncoder.MAX_KEYS + " group keys");
    }
    List<DataType> expected = new ArrayList<>();
    for (int key : groupKeys) {
      if (key < 0 || key >= inputColumns) {
        throw planning("group key column " + key + " is out of range (input has " + inputColumns + " columns)");
      }
      DataType type = Vectors.typeOf(in.getFields().get(key));
      KeyEncoder.kindOf(type);
      expected.add(type);
    }
    for (AggregateCall call : aggregates) {
      if (call.distinct() && mode != AggregateMode.SINGLE) {
        throw BallistaException.unsupported("aggregation: DISTINCT aggregate " + call.name()
            + " is only supported in SINGLE mode, not " + mode);
      }
      if (call.filterColumn() >= 0) {
        if (mode == AggregateMode.FINAL) {
          throw planning("FINAL aggregate " + call.name() + " cannot have a FILTER column");
        }
        DataType filter = Accumulators.typeAt(in, call.filterColumn(), call);
        if (!(filter instanceof DataType.Bool)) {
          throw planning("FILTER column " + call.filterColumn() + " of " + call.name() + " is " + filter + ", not BOOLEAN");
        }
      }
      if (call.distinct()) {
        KeyEncoder.kindOf(Accumulators.typeAt(in, call.argument(), call));
      }
      Accumulators.create(call, mode, in);
      if (mode == AggregateMode.PARTIAL) {
        for (Field f : Accumulators.stateFields(call, in)) {
          expected.add(Vectors.typeOf(f));
        }
      } else {
        expected.add(call.type());
      }
    }
    List<Field> fields = outputSchema.getFields();
    if (fields.size() != expected.size()) {
      throw planning("output schema has " + fields.size() + " columns, expected " + expected.size()
          + " for mode " + mode + ": " + expected);
    }
    for (int i = 0; i < fields.size(); i++) {
      DataType actual = Vectors.typeOf(fields.get(i));
      if (!compatible(actual, expected.get(i))) {
        throw planning("output column " + i + " (" + fields.get(i).getName() + ") is " + actual
            + ", expected " + expected.get(i));
      }
    }
  }

  private static boolean compatible(DataType actual, DataType expected) {
    if (actual instanceof DataType.Decimal a && expected instanceof DataType.Decimal e) {
      return a.scale() == e.scale();
    }
    return actual.getClass() == expected.getClass();
  }

  private static BallistaException planning(String problem) {
    return new BallistaException(BallistaException.Kind.PLANNING, "aggregation: " + problem);
  }

  /**
   * The schema PARTIAL emits over {@code inputSchema}: the group key fields, then each call's state
   * columns (COUNT: INT64; SUM/MIN/MAX/ANY_VALUE: one column of the call type; AVG: sum, then INT64
   * count, where the sum is DECIMAL(38, s) for DECIMAL(p, s) input, FLOAT64 for FLOAT64 input and
   * INT64 for integer input). DISTINCT calls cannot be split (UNSUPPORTED error).
   */
  public static Schema partialSchema(Schema inputSchema, int[] groupKeys, List<AggregateCall> aggregates) {
    return AggregateStates.partialSchema(inputSchema, groupKeys, aggregates);
  }

  /** The calls of the FINAL aggregation over a PARTIAL one: see {@link AggregateStates#finalCalls}. */
  public static List<AggregateCall> finalCalls(int[] groupKeys, List<AggregateCall> aggregates) {
    return AggregateStates.finalCalls(groupKeys, aggregates);
  }

  /** The FINAL group keys: the first {@code groupKeys.length} columns of the PARTIAL output. */
  public static int[] finalGroupKeys(int[] groupKeys) {
    return AggregateStates.finalGroupKeys(groupKeys);
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  /**
   * Same partition count as the input; a single input partition stays single, and hash
   * partitioning on group-key columns carries over to the corresponding output key columns.
   */
  @Override
  public Partitioning outputPartitioning() {
    Partitioning p = input.outputPartitioning();
    if (p instanceof Partitioning.Single) {
      return Partitioning.SINGLE;
    }
    if (p instanceof Partitioning.Hash hash) {
      List<Expr> keys = new ArrayList<>();
      for (Expr e : hash.keys()) {
        int position = -1;
        if (e instanceof Expr.Column c) {
          for (int i = 0; i < groupKeys.length; i++) {
            if (groupKeys[i] == c.index()) {
              position = i;
              break;
            }
          }
        }
        if (position < 0) {
          return new Partitioning.Unknown(p.partitionCount());
        }
        keys.add(new Expr.Column(position, ((Expr.Column) e).type()));
      }
      return new Partitioning.Hash(keys, p.partitionCount());
    }
    return new Partitioning.Unknown(p.partitionCount());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    int count = input.outputPartitioning().partitionCount();
    if (partition < 0 || partition >= count) {
      throw BallistaException.internal("aggregation: partition " + partition + " out of range [0, " + count + ")", null);
    }
    BatchStream in = input.execute(partition, context);
    try {
      return new HashAggregateStream(in, input.schema(), groupKeys, aggregates, mode, outputSchema, context);
    } catch (RuntimeException e) {
      in.close();
      throw e;
    }
  }

  public AggregateMode mode() {
    return mode;
  }

  public int[] groupKeys() {
    return groupKeys.clone();
  }

  public List<AggregateCall> aggregates() {
    return aggregates;
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("HashAggregateExec: mode=").append(mode).append(", keys=[");
    for (int i = 0; i < groupKeys.length; i++) {
      sb.append(i == 0 ? "#" : ", #").append(groupKeys[i]);
    }
    sb.append("], aggregates=[");
    for (int i = 0; i < aggregates.size(); i++) {
      AggregateCall c = aggregates.get(i);
      sb.append(i == 0 ? "" : ", ").append(c.function()).append('(');
      if (c.distinct()) {
        sb.append("DISTINCT ");
      }
      sb.append(c.argument() < 0 ? "*" : "#" + c.argument()).append(')');
      if (c.filterColumn() >= 0) {
        sb.append(" FILTER #").append(c.filterColumn());
      }
      sb.append(" AS ").append(c.name());
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
