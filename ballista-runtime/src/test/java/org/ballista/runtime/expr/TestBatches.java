package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/** Builds small batches from Java values and reads vectors back as Java values (test only). */
final class TestBatches {
  private TestBatches() {}

  record Col(DataType type, Object[] values) {}

  static Col col(DataType type, Object... values) {
    return new Col(type, values);
  }

  static VectorSchemaRoot batch(BufferAllocator allocator, Col... cols) {
    List<Field> fields = new ArrayList<>();
    List<FieldVector> vectors = new ArrayList<>();
    int n = cols.length == 0 ? 0 : cols[0].values().length;
    for (int c = 0; c < cols.length; c++) {
      Field f = Vectors.field("c" + c, cols[c].type(), true);
      fields.add(f);
      FieldVector v = f.createVector(allocator);
      fill(v, cols[c].values());
      vectors.add(v);
    }
    return new VectorSchemaRoot(new Schema(fields), vectors, n);
  }

  static void fill(FieldVector v, Object[] values) {
    v.allocateNew();
    for (int i = 0; i < values.length; i++) {
      Object x = values[i];
      if (x == null) {
        if (v instanceof VarCharVector s) {
          s.setNull(i);
        } else if (!(v instanceof org.apache.arrow.vector.NullVector)) {
          ((org.apache.arrow.vector.BaseFixedWidthVector) v).setNull(i);
        }
        continue;
      }
      if (v instanceof IntVector t) {
        t.setSafe(i, ((Number) x).intValue());
      } else if (v instanceof BigIntVector t) {
        t.setSafe(i, ((Number) x).longValue());
      } else if (v instanceof Float8Vector t) {
        t.setSafe(i, ((Number) x).doubleValue());
      } else if (v instanceof DecimalVector t) {
        t.setSafe(i, new BigDecimal(x.toString()).setScale(t.getScale()));
      } else if (v instanceof DateDayVector t) {
        t.setSafe(i, x instanceof String s ? (int) java.time.LocalDate.parse(s).toEpochDay() : ((Number) x).intValue());
      } else if (v instanceof VarCharVector t) {
        t.setSafe(i, x.toString().getBytes(StandardCharsets.UTF_8));
      } else if (v instanceof BitVector t) {
        t.setSafe(i, (Boolean) x ? 1 : 0);
      }
    }
    v.setValueCount(values.length);
  }

  /** Values of v as Java objects: BigDecimal for decimals, LocalDate strings for dates, String for varchar. */
  static List<Object> values(FieldVector v) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < v.getValueCount(); i++) {
      if (v.isNull(i)) {
        out.add(null);
      } else if (v instanceof DateDayVector d) {
        out.add(java.time.LocalDate.ofEpochDay(d.get(i)).toString());
      } else if (v instanceof VarCharVector s) {
        out.add(new String(s.get(i), StandardCharsets.UTF_8));
      } else {
        out.add(v.getObject(i));
      }
    }
    return out;
  }

  static List<Object> list(Object... values) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      out.add(v);
    }
    return out;
  }
}
