package org.ballista.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * UNION ALL: output partitions are the inputs' partitions, concatenated in input order (partition
 * {@code k} of the union is partition {@code j} of input {@code i}, where {@code k} is {@code j} plus
 * the partition counts of inputs {@code 0..i-1}).
 *
 * <p>The output schema takes the names and types of {@code schema}; every input must have the same
 * number of columns with the same Arrow types. An output field is nullable if it is in {@code
 * schema} or in any input. Batches are renamed without copying.
 */
public final class UnionExec implements ExecutionPlan {
  private final List<ExecutionPlan> inputs;
  private final Schema schema;
  private final int[] firstPartition;
  private final int partitions;

  public UnionExec(List<ExecutionPlan> inputs, Schema schema) {
    this.inputs = List.copyOf(inputs);
    if (this.inputs.isEmpty()) {
      throw BallistaException.internal("UnionExec needs at least one input", null);
    }
    this.schema = unify(this.inputs, schema);
    this.firstPartition = new int[this.inputs.size() + 1];
    for (int i = 0; i < this.inputs.size(); i++) {
      firstPartition[i + 1] = firstPartition[i] + this.inputs.get(i).outputPartitioning().partitionCount();
    }
    this.partitions = firstPartition[this.inputs.size()];
  }

  private static Schema unify(List<ExecutionPlan> inputs, Schema schema) {
    List<Field> fields = schema.getFields();
    List<Field> out = new ArrayList<>(fields.size());
    for (int c = 0; c < fields.size(); c++) {
      Field f = fields.get(c);
      boolean nullable = f.isNullable();
      for (int i = 0; i < inputs.size(); i++) {
        List<Field> inFields = inputs.get(i).schema().getFields();
        if (inFields.size() != fields.size()) {
          throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "UNION input " + i + " has "
              + inFields.size() + " columns, expected " + fields.size());
        }
        Field in = inFields.get(c);
        if (!in.getType().equals(f.getType())) {
          throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "UNION input " + i + " column "
              + c + " (" + in.getName() + ") has type " + in.getType() + ", expected " + f.getType());
        }
        nullable |= in.isNullable();
      }
      out.add(nullable == f.isNullable() ? f
          : new Field(f.getName(), new FieldType(nullable, f.getType(), f.getDictionary(), f.getMetadata()),
              f.getChildren()));
    }
    return new Schema(out, schema.getCustomMetadata());
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return new Partitioning.Unknown(partitions);
  }

  @Override
  public List<ExecutionPlan> children() {
    return inputs;
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    if (partition < 0 || partition >= partitions) {
      throw BallistaException.internal("UnionExec has " + partitions + " partitions, asked for " + partition, null);
    }
    int i = 0;
    while (partition >= firstPartition[i + 1]) {
      i++;
    }
    BatchStream in = inputs.get(i).execute(partition - firstPartition[i], context);
    return new BatchStream() {
      private boolean closed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (closed) {
          return null;
        }
        context.checkCancelled();
        VectorSchemaRoot batch = in.next();
        return batch == null ? null : Batches.rename(batch, schema);
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          in.close();
        }
      }
    };
  }

  @Override
  public String describe() {
    return "UnionExec: " + inputs.size() + " inputs, " + partitions + " partitions, schema "
        + schema.getFields().stream().map(Field::getName).collect(Collectors.joining(", ", "[", "]"));
  }
}
