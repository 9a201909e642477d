package org.ballista.runtime.scan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Literal rows (SQL {@code VALUES}): one partition producing one batch built from the literals, with
 * the column types of {@code schema} (a literal of another numeric class is converted; a null value
 * is a NULL). Zero rows produce no batch. Not a hot path: literal values are boxed by nature.
 */
public final class ValuesExec implements ExecutionPlan {
  private final Schema schema;
  private final List<List<Expr.Literal>> rows;

  public ValuesExec(Schema schema, List<List<Expr.Literal>> rows) {
    this.schema = Objects.requireNonNull(schema, "schema");
    List<List<Expr.Literal>> copy = new ArrayList<>(rows.size());
    for (List<Expr.Literal> row : rows) {
      if (row.size() != schema.getFields().size()) {
        throw BallistaException.internal("VALUES row has " + row.size() + " values, schema has "
            + schema.getFields().size() + " columns", null);
      }
      copy.add(List.copyOf(row));
    }
    this.rows = List.copyOf(copy);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return Partitioning.SINGLE;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    Objects.checkIndex(partition, 1);
    return new BatchStream() {
      private boolean done = rows.isEmpty();

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (done) {
          return null;
        }
        context.checkCancelled();
        done = true;
        return build(context.allocator());
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  private VectorSchemaRoot build(BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
    try {
      for (int c = 0; c < schema.getFields().size(); c++) {
        Field field = schema.getFields().get(c);
        FieldVector v = field.createVector(allocator);
        vectors.add(v);
        v.setInitialCapacity(rows.size());
        v.allocateNew();
        DataType type = Vectors.typeOf(field);
        for (int r = 0; r < rows.size(); r++) {
          set(v, type, r, rows.get(r).get(c).value(), field.getName());
        }
        v.setValueCount(rows.size());
      }
      return Vectors.batch(schema, vectors, rows.size());
    } catch (RuntimeException e) {
      Closer.closeQuietly(e, vectors.toArray(new AutoCloseable[0]));
      throw e;
    }
  }

  private static void set(FieldVector v, DataType type, int row, Object value, String column) {
    if (value == null || type instanceof DataType.Null) {
      if (!(type instanceof DataType.Null)) {
        v.setNull(row);
      }
      return;
    }
    try {
      if (type instanceof DataType.Bool) {
        ((BitVector) v).setSafe(row, ((Boolean) value) ? 1 : 0);
      } else if (type instanceof DataType.Int32 || type instanceof DataType.IntervalMonths) {
        ((IntVector) v).setSafe(row, ((Number) value).intValue());
      } else if (type instanceof DataType.Int64 || type instanceof DataType.IntervalDays) {
        ((BigIntVector) v).setSafe(row, ((Number) value).longValue());
      } else if (type instanceof DataType.Float64) {
        ((Float8Vector) v).setSafe(row, ((Number) value).doubleValue());
      } else if (type instanceof DataType.Decimal d) {
        BigDecimal bd = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        ((DecimalVector) v).setSafe(row, bd.setScale(d.scale(), RoundingMode.HALF_UP));
      } else if (type instanceof DataType.Date) {
        ((DateDayVector) v).setSafe(row, ((Number) value).intValue());
      } else if (type instanceof DataType.Utf8) {
        ((VarCharVector) v).setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
      } else {
        throw BallistaException.unsupported("VALUES column " + column + ": unsupported type " + type);
      }
    } catch (ClassCastException | NumberFormatException | UnsupportedOperationException e) {
      throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH,
          "VALUES column " + column + ": literal " + value + " does not fit type " + type, e);
    }
  }

  @Override
  public String describe() {
    return "ValuesExec: rows=" + rows.size() + " columns=" + schema.getFields().size();
  }
}
