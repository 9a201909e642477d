package org.ballista.runtime.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
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
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Turns the records of a {@link CsvTokenizer} into Arrow batches, parsing only the projected columns
 * straight from the field bytes into typed vectors (no String or boxed value per field).
 *
 * <p>An empty unquoted field is NULL (for VARCHAR too; a quoted empty field is the empty string);
 * non-string fields are trimmed of spaces and tabs, and a blank one is NULL. A record must have as
 * many fields as the table has columns (one extra empty field, from a trailing delimiter as in
 * TPC-H {@code .tbl} files, is tolerated). A malformed record raises an IO error naming the file,
 * line, column and value. Immutable apart from per-read scratch state: one instance per stream.
 */
final class CsvBatchReader {
  private final Schema tableSchema;
  private final int[] projection;
  private final Schema outputSchema;
  private final int batchSize;
  /** Distinct table columns to parse, in first-use order, and for each the writer's slot. */
  private final int[] parsedColumns;
  private final int[] slotOfOutput;
  private final CsvValues.Result result = new CsvValues.Result();

  CsvBatchReader(Schema tableSchema, int[] projection, Schema outputSchema, int batchSize) {
    this.tableSchema = tableSchema;
    this.projection = projection.clone();
    this.outputSchema = outputSchema;
    this.batchSize = batchSize;
    List<Integer> distinct = new ArrayList<>();
    slotOfOutput = new int[projection.length];
    for (int i = 0; i < projection.length; i++) {
      int slot = distinct.indexOf(projection[i]);
      if (slot < 0) {
        slot = distinct.size();
        distinct.add(projection[i]);
      }
      slotOfOutput[i] = slot;
    }
    parsedColumns = distinct.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Reads up to {@code batchSize} records into a new batch owned by the caller, allocated from
   * {@code allocator}; null if the tokenizer has no more records.
   */
  VectorSchemaRoot read(CsvTokenizer tokenizer, BufferAllocator allocator) {
    int columns = tableSchema.getFields().size();
    int slots = parsedColumns.length;
    FieldVector[] vectors = new FieldVector[slots];
    DataType[] types = new DataType[slots];
    boolean[] nullable = new boolean[slots];
    int rows = 0;
    try {
      for (int s = 0; s < slots; s++) {
        Field f = outputFieldForSlot(s);
        types[s] = Vectors.typeOf(f);
        nullable[s] = f.isNullable();
        vectors[s] = f.createVector(allocator);
        allocate(vectors[s], batchSize);
      }
      while (rows < batchSize && tokenizer.nextRecord()) {
        int n = tokenizer.fieldCount();
        if (n != columns && !(n == columns + 1 && isEmptyUnquoted(tokenizer, columns))) {
          throw new BallistaException(BallistaException.Kind.IO, "CSV file " + tokenizer.file() + ", line "
              + tokenizer.recordLine() + ": expected " + columns + " fields but found " + n);
        }
        byte[] buf = tokenizer.buffer();
        for (int s = 0; s < slots; s++) {
          int c = parsedColumns[s];
          write(vectors[s], types[s], nullable[s], rows, buf, tokenizer.start(c), tokenizer.end(c),
              tokenizer.quoted(c), tokenizer, c);
        }
        rows++;
      }
      if (rows == 0) {
        Closer.closeAll(vectors);
        return null;
      }
      List<FieldVector> out = new ArrayList<>(projection.length);
      boolean[] used = new boolean[slots];
      for (int i = 0; i < projection.length; i++) {
        int s = slotOfOutput[i];
        vectors[s].setValueCount(rows);
        if (!used[s]) {
          used[s] = true;
          out.add(vectors[s]);
        } else {
          out.add(Vectors.share(vectors[s], rows, allocator));
        }
      }
      return Vectors.batch(outputSchema, out, rows);
    } catch (RuntimeException e) {
      Closer.closeQuietly(e, vectors);
      throw e;
    }
  }

  private Field outputFieldForSlot(int slot) {
    for (int i = 0; i < projection.length; i++) {
      if (slotOfOutput[i] == slot) {
        return outputSchema.getFields().get(i);
      }
    }
    throw new IllegalStateException("no output for slot " + slot);
  }

  private static boolean isEmptyUnquoted(CsvTokenizer t, int field) {
    return !t.quoted(field) && t.start(field) == t.end(field);
  }

  private static void allocate(FieldVector v, int capacity) {
    if (v instanceof VarCharVector s) {
      s.allocateNew(Math.max(1024L, capacity * 16L), capacity);
    } else {
      v.setInitialCapacity(capacity);
      v.allocateNew();
    }
  }

  private void write(FieldVector vector, DataType type, boolean nullable, int row, byte[] buf, int start, int end,
      boolean quoted, CsvTokenizer t, int column) {
    if (type instanceof DataType.Utf8) {
      if (start == end && !quoted) {
        setNull(vector, nullable, row, t, column);
      } else {
        ((VarCharVector) vector).setSafe(row, buf, start, end - start);
      }
      return;
    }
    int s = start;
    int e = end;
    while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
      s++;
    }
    while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
      e--;
    }
    if (s == e) {
      setNull(vector, nullable, row, t, column);
      return;
    }
    CsvValues.Result r = result;
    boolean ok;
    if (type instanceof DataType.Int32) {
      ok = CsvValues.parseLong(buf, s, e, Integer.MIN_VALUE, Integer.MAX_VALUE, r);
      if (ok) {
        ((IntVector) vector).set(row, (int) r.longValue);
      }
    } else if (type instanceof DataType.Int64) {
      ok = CsvValues.parseLong(buf, s, e, Long.MIN_VALUE, Long.MAX_VALUE, r);
      if (ok) {
        ((BigIntVector) vector).set(row, r.longValue);
      }
    } else if (type instanceof DataType.Float64) {
      ok = CsvValues.parseDouble(buf, s, e, r);
      if (ok) {
        ((Float8Vector) vector).set(row, r.doubleValue);
      }
    } else if (type instanceof DataType.Decimal d) {
      ok = CsvValues.parseDecimal(buf, s, e, d.precision(), d.scale(), r);
      if (ok) {
        DecimalVector dv = (DecimalVector) vector;
        ArrowBuf data = dv.getDataBuffer();
        long offset = (long) row * DecimalVector.TYPE_WIDTH;
        data.setLong(offset, r.longValue);
        data.setLong(offset + 8, r.highValue);
        dv.setIndexDefined(row);
      }
    } else if (type instanceof DataType.Date) {
      ok = CsvValues.parseDate(buf, s, e, r);
      if (ok) {
        ((DateDayVector) vector).set(row, (int) r.longValue);
      }
    } else if (type instanceof DataType.Bool) {
      ok = CsvValues.parseBool(buf, s, e, r);
      if (ok) {
        ((BitVector) vector).set(row, (int) r.longValue);
      }
    } else {
      throw BallistaException.unsupported("CSV column " + tableSchema.getFields().get(column).getName()
          + ": type " + type + " cannot be read from CSV");
    }
    if (!ok) {
      throw bad(t, column, type, buf, start, end);
    }
  }

  private void setNull(FieldVector vector, boolean nullable, int row, CsvTokenizer t, int column) {
    if (!nullable) {
      throw new BallistaException(BallistaException.Kind.IO, "CSV file " + t.file() + ", line " + t.recordLine()
          + ", column " + columnName(column) + ": empty value in a NOT NULL column");
    }
    vector.setNull(row);
  }

  private BallistaException bad(CsvTokenizer t, int column, DataType type, byte[] buf, int start, int end) {
    String value = new String(buf, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
    return new BallistaException(BallistaException.Kind.IO, "CSV file " + t.file() + ", line " + t.recordLine()
        + ", column " + columnName(column) + ": cannot parse '" + value + "' as " + type);
  }

  private String columnName(int column) {
    return (column + 1) + " (" + tableSchema.getFields().get(column).getName() + ")";
  }
}
