package org.ballista.runtime.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
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
import org.apache.arrow.vector.util.Text;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Test-only helpers shared by the runtime's tests: build batches from Java values and read them
 * back as rows. Values: Boolean, Integer/Long/any Number, Double, BigDecimal (rescaled exactly to
 * the column's scale), LocalDate or Integer days (DATE), String, or null.
 */
public final class TestData {
  private TestData() {}

  public static Schema schema(Object... nameTypePairs) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      fields.add(Vectors.field((String) nameTypePairs[i], (DataType) nameTypePairs[i + 1], true));
    }
    return new Schema(fields);
  }

  /** A batch of {@code schema} from column arrays (Boolean, Integer, Long, Double, BigDecimal, String, null). */
  public static VectorSchemaRoot batch(BufferAllocator allocator, Schema schema, Object[]... columns) {
    int rows = columns.length == 0 ? 0 : columns[0].length;
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      for (int c = 0; c < columns.length; c++) {
        FieldVector v = root.getVector(c);
        for (int r = 0; r < rows; r++) {
          set(v, r, columns[c][r]);
        }
        v.setValueCount(rows);
      }
      root.setRowCount(rows);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** A batch from rows (each an Object[] with one value per column). */
  public static VectorSchemaRoot batchOfRows(BufferAllocator allocator, Schema schema, List<Object[]> rows) {
    int columns = schema.getFields().size();
    Object[][] cols = new Object[columns][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns; c++) {
        cols[c][r] = rows.get(r)[c];
      }
    }
    return batch(allocator, schema, cols);
  }

  private static void set(FieldVector v, int i, Object value) {
    if (v instanceof NullVector) {
      return;
    }
    if (value == null) {
      if (v instanceof VarCharVector vc) {
        vc.setNull(i);
      } else {
        BaseFixedWidthVector f = (BaseFixedWidthVector) v;
        while (f.getValueCapacity() <= i) {
          f.reAlloc();
        }
        f.setNull(i);
      }
      return;
    }
    if (v instanceof BitVector b) {
      b.setSafe(i, ((Boolean) value) ? 1 : 0);
    } else if (v instanceof IntVector iv) {
      iv.setSafe(i, ((Number) value).intValue());
    } else if (v instanceof DateDayVector dv) {
      dv.setSafe(i, value instanceof LocalDate d ? (int) d.toEpochDay() : ((Number) value).intValue());
    } else if (v instanceof BigIntVector bv) {
      bv.setSafe(i, ((Number) value).longValue());
    } else if (v instanceof Float8Vector fv) {
      fv.setSafe(i, ((Number) value).doubleValue());
    } else if (v instanceof DecimalVector dv) {
      BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
      dv.setSafe(i, d.setScale(dv.getScale(), RoundingMode.UNNECESSARY));
    } else if (v instanceof VarCharVector vc) {
      vc.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException("unsupported vector " + v.getClass());
    }
  }

  /** The rows of {@code batch} as lists of Java values (VARCHAR as String). */
  public static List<List<Object>> rows(VectorSchemaRoot batch) {
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < batch.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector v : batch.getFieldVectors()) {
        Object o = v.isNull(r) ? null : v.getObject(r);
        row.add(o instanceof Text t ? t.toString() : o);
      }
      out.add(row);
    }
    return out;
  }

  /** Drains {@code stream} (closing every batch and then the stream) into rows. */
  public static List<List<Object>> drain(BatchStream stream) {
    return drain(stream, Integer.MAX_VALUE);
  }

  /**
   * As {@link #drain(BatchStream)}, failing when a batch has more than {@code maxBatchRows} rows or
   * not the stream's number of columns.
   */
  public static List<List<Object>> drain(BatchStream stream, int maxBatchRows) {
    List<List<Object>> out = new ArrayList<>();
    try (stream) {
      while (true) {
        VectorSchemaRoot b = stream.next();
        if (b == null) {
          break;
        }
        try (b) {
          if (b.getRowCount() > maxBatchRows) {
            throw new AssertionError("batch of " + b.getRowCount() + " rows exceeds " + maxBatchRows);
          }
          if (b.getSchema().getFields().size() != stream.schema().getFields().size()) {
            throw new AssertionError("batch schema differs from stream schema");
          }
          out.addAll(rows(b));
        }
      }
    }
    return out;
  }

  public static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }
}
