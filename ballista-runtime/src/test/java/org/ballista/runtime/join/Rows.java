package org.ballista.runtime.join;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.ballista.api.exec.BatchStream;

/** Test helpers converting between Java rows (Object[]) and Arrow batches. */
final class Rows {
  private Rows() {}

  static Object[] row(Object... values) {
    return values;
  }

  static VectorSchemaRoot toBatch(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (int c = 0; c < schema.getFields().size(); c++) {
      FieldVector v = root.getVector(c);
      for (int r = 0; r < rows.size(); r++) {
        Object x = rows.get(r)[c];
        if (x == null) {
          if (v instanceof VarCharVector vc) {
            vc.setNull(r);
          } else {
            setNull(v, r);
          }
          continue;
        }
        if (v instanceof IntVector iv) {
          iv.setSafe(r, (Integer) x);
        } else if (v instanceof DateDayVector dv) {
          dv.setSafe(r, (Integer) x);
        } else if (v instanceof BigIntVector bv) {
          bv.setSafe(r, (Long) x);
        } else if (v instanceof Float8Vector fv) {
          fv.setSafe(r, (Double) x);
        } else if (v instanceof BitVector bit) {
          bit.setSafe(r, ((Boolean) x) ? 1 : 0);
        } else if (v instanceof DecimalVector dv) {
          dv.setSafe(r, (BigDecimal) x);
        } else if (v instanceof VarCharVector vc) {
          vc.setSafe(r, ((String) x).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
          throw new IllegalArgumentException("type " + v.getField());
        }
      }
      v.setValueCount(rows.size());
    }
    root.setRowCount(rows.size());
    return root;
  }

  private static void setNull(FieldVector v, int r) {
    if (v instanceof org.apache.arrow.vector.BaseFixedWidthVector f) {
      while (f.getValueCapacity() <= r) {
        f.reAlloc();
      }
      f.setNull(r);
    }
  }

  static List<List<Object>> fromBatch(VectorSchemaRoot root) {
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < root.getRowCount(); r++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        Object o = v.getObject(r);
        row.add(o instanceof Text t ? t.toString() : o);
      }
      out.add(row);
    }
    return out;
  }

  /** Drains and closes the stream; every batch is closed after reading. */
  static List<List<Object>> drain(BatchStream stream, int maxBatchRows) {
    List<List<Object>> out = new ArrayList<>();
    try (stream) {
      while (true) {
        VectorSchemaRoot batch = stream.next();
        if (batch == null) {
          break;
        }
        try (VectorSchemaRoot b = batch) {
          if (b.getRowCount() > maxBatchRows) {
            throw new AssertionError("batch of " + b.getRowCount() + " rows > batchSize " + maxBatchRows);
          }
          if (b.getSchema().getFields().size() != stream.schema().getFields().size()) {
            throw new AssertionError("batch schema differs from stream schema");
          }
          out.addAll(fromBatch(b));
        }
      }
    }
    return out;
  }

  /** Rows as sorted strings, for multiset comparison. */
  static List<String> canonical(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }

  static List<String> canonicalRows(List<Object[]> rows) {
    List<String> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r).toString());
    }
    out.sort(null);
    return out;
  }
}
