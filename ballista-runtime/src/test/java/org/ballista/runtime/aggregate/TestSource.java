package org.ballista.runtime.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * A test input operator: partition {@code p} yields the given batches of rows, each built only when
 * pulled (from the task's allocator) and handed to the caller. Row values: Integer, Long,
 * BigDecimal, LocalDate or Integer (DATE), String, Boolean, Double, or null.
 */
final class TestSource implements ExecutionPlan {
  private final Schema schema;
  private final List<List<List<Object[]>>> partitions;
  /** Batches handed out and streams closed, for ownership assertions. */
  int batchesProduced;
  int streamsClosed;

  TestSource(Schema schema, List<List<List<Object[]>>> partitions) {
    this.schema = schema;
    this.partitions = partitions;
  }

  /** One partition made of {@code batches}. */
  @SafeVarargs
  static TestSource of(Schema schema, List<Object[]>... batches) {
    return new TestSource(schema, List.of(List.of(batches)));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Partitioning outputPartitioning() {
    return partitions.size() == 1 ? Partitioning.SINGLE : new Partitioning.Unknown(partitions.size());
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    List<List<Object[]>> batches = partitions.get(partition);
    return new BatchStream() {
      int next;
      boolean closed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        if (closed || next >= batches.size()) {
          return null;
        }
        batchesProduced++;
        return toBatch(schema, batches.get(next++), context.allocator());
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          streamsClosed++;
        }
      }
    };
  }

  @Override
  public String describe() {
    return "TestSource";
  }

  /** Builds a batch of {@code schema} from rows (test code: boxing is fine here). */
  static VectorSchemaRoot toBatch(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (int c = 0; c < schema.getFields().size(); c++) {
      FieldVector v = root.getVector(c);
      for (int r = 0; r < rows.size(); r++) {
        Object value = rows.get(r)[c];
        if (value == null) {
          continue; // validity stays unset
        }
        if (v instanceof IntVector iv) {
          iv.setSafe(r, (Integer) value);
        } else if (v instanceof BigIntVector bv) {
          bv.setSafe(r, ((Number) value).longValue());
        } else if (v instanceof DecimalVector dv) {
          int scale = ((ArrowType.Decimal) dv.getField().getType()).getScale();
          BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
          dv.setSafe(r, d.setScale(scale, RoundingMode.UNNECESSARY));
        } else if (v instanceof DateDayVector dd) {
          dd.setSafe(r, value instanceof LocalDate ld ? (int) ld.toEpochDay() : (Integer) value);
        } else if (v instanceof VarCharVector vc) {
          vc.setSafe(r, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof BitVector bit) {
          bit.setSafe(r, (Boolean) value ? 1 : 0);
        } else if (v instanceof Float8Vector f) {
          f.setSafe(r, (Double) value);
        } else {
          throw new IllegalArgumentException("unsupported vector " + v.getClass());
        }
      }
    }
    root.setRowCount(rows.size());
    return root;
  }

  /** Drains a stream into rows of Java values (VARCHAR as String, DATE as Integer days), closing every batch. */
  static List<List<Object>> collect(BatchStream stream, int maxBatchRows) {
    List<List<Object>> rows = new ArrayList<>();
    try (stream) {
      VectorSchemaRoot batch;
      while ((batch = stream.next()) != null) {
        try (VectorSchemaRoot b = batch) {
          if (b.getRowCount() > maxBatchRows) {
            throw new AssertionError("batch of " + b.getRowCount() + " rows exceeds " + maxBatchRows);
          }
          for (int r = 0; r < b.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : b.getFieldVectors()) {
              Object o = v.isNull(r) ? null : v.getObject(r);
              row.add(o instanceof Text t ? t.toString() : o);
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }
}
