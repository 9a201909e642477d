package org.ballista.runtime.format;

import java.math.BigDecimal;
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
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.QueryResult;
import org.ballista.api.types.DataType;

/** Builds small {@link QueryResult}s for tests: column-wise, one batch per {@link #batch} call. */
final class TestResults {
  private final BufferAllocator allocator;
  private final List<Field> fields = new ArrayList<>();
  private final List<VectorSchemaRoot> batches = new ArrayList<>();

  TestResults(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  TestResults field(String name, DataType type) {
    fields.add(Field.nullable(name, type.toArrow()));
    return this;
  }

  /** Adds one batch; {@code columns[i]} holds the values of column i (null for NULL). */
  TestResults batch(Object[]... columns) {
    Schema schema = new Schema(fields);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    int rows = columns.length == 0 ? 0 : columns[0].length;
    root.allocateNew();
    for (int c = 0; c < columns.length; c++) {
      fill(root.getVector(c), columns[c]);
    }
    root.setRowCount(rows);
    batches.add(root);
    return this;
  }

  QueryResult build() {
    return new QueryResult(new Schema(fields), batches);
  }

  static Object[] col(Object... values) {
    return values;
  }

  private static void fill(FieldVector v, Object[] values) {
    for (int r = 0; r < values.length; r++) {
      Object o = values[r];
      if (v instanceof NullVector) {
        continue;
      }
      if (o == null) {
        v.setNull(r);
      } else if (v instanceof BitVector b) {
        b.setSafe(r, (Boolean) o ? 1 : 0);
      } else if (v instanceof IntVector i) {
        i.setSafe(r, (Integer) o);
      } else if (v instanceof BigIntVector i) {
        i.setSafe(r, (Long) o);
      } else if (v instanceof Float8Vector f) {
        f.setSafe(r, (Double) o);
      } else if (v instanceof DecimalVector d) {
        d.setSafe(r, new BigDecimal((String) o));
      } else if (v instanceof DateDayVector d) {
        d.setSafe(r, (int) LocalDate.parse((String) o).toEpochDay());
      } else if (v instanceof VarCharVector s) {
        s.setSafe(r, ((String) o).getBytes(StandardCharsets.UTF_8));
      } else {
        throw new IllegalArgumentException("no test support for " + v.getClass());
      }
    }
    v.setValueCount(values.length);
  }
}
