package org.ballista.transport.flight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.types.DataType;

/**
 * Test data: Arrow IPC shuffle files holding every engine type, with nulls, whose values are a
 * function of the row's position in the file, so a reader can check each one.
 */
final class ShuffleFiles {
  private ShuffleFiles() {}

  static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("c_bool", DataType.BOOL.toArrow()),
      Field.nullable("c_int", DataType.INT32.toArrow()),
      Field.nullable("c_long", DataType.INT64.toArrow()),
      Field.nullable("c_double", DataType.FLOAT64.toArrow()),
      Field.nullable("c_dec", DataType.decimal(15, 2).toArrow()),
      Field.nullable("c_wide_dec", DataType.decimal(38, 4).toArrow()),
      Field.nullable("c_date", DataType.DATE.toArrow()),
      Field.nullable("c_str", DataType.UTF8.toArrow()),
      Field.nullable("c_null", DataType.NULL.toArrow())));

  /** What was written: the batches' row counts and Arrow buffer bytes. */
  record Written(List<Integer> batchRows, long bytes) {
    long rows() {
      return batchRows.stream().mapToLong(Integer::longValue).sum();
    }
  }

  /** Writes one file with batches of the given sizes (zero allowed; none gives an empty file). */
  static Written write(BufferAllocator allocator, Path file, int... batchSizes) throws IOException {
    Files.createDirectories(file.getParent());
    long bytes = 0;
    List<Integer> rows = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
         FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      long first = 0;
      for (int size : batchSizes) {
        fill(root, first, size);
        writer.writeBatch();
        bytes += BatchTransfer.bufferBytes(root);
        rows.add(size);
        first += size;
      }
      writer.end();
    }
    return new Written(rows, bytes);
  }

  /** Writes one file of {@code times} copies of the same batch (rows 0..rows-1): cheap big files. */
  static Written writeRepeated(BufferAllocator allocator, Path file, int rows, int times) throws IOException {
    Files.createDirectories(file.getParent());
    long bytes = 0;
    List<Integer> sizes = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
         FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      fill(root, 0, rows);
      for (int i = 0; i < times; i++) {
        writer.writeBatch();
        bytes += BatchTransfer.bufferBytes(root);
        sizes.add(rows);
      }
      writer.end();
    }
    return new Written(sizes, bytes);
  }

  private static void fill(VectorSchemaRoot root, long first, int size) {
    root.clear();
    BitVector bool = (BitVector) root.getVector(0);
    IntVector ints = (IntVector) root.getVector(1);
    BigIntVector longs = (BigIntVector) root.getVector(2);
    Float8Vector doubles = (Float8Vector) root.getVector(3);
    DecimalVector dec = (DecimalVector) root.getVector(4);
    DecimalVector wide = (DecimalVector) root.getVector(5);
    DateDayVector dates = (DateDayVector) root.getVector(6);
    VarCharVector strings = (VarCharVector) root.getVector(7);
    NullVector nulls = (NullVector) root.getVector(8);
    for (int i = 0; i < size; i++) {
      long r = first + i;
      if (r % 3 == 0) bool.setNull(i); else bool.setSafe(i, r % 2 == 0 ? 1 : 0);
      if (r % 5 == 0) ints.setNull(i); else ints.setSafe(i, intValue(r));
      if (r % 7 == 0) longs.setNull(i); else longs.setSafe(i, longValue(r));
      if (r % 11 == 0) doubles.setNull(i); else doubles.setSafe(i, doubleValue(r));
      if (r % 13 == 0) dec.setNull(i); else dec.setSafe(i, decimalUnscaled(r));
      if (r % 4 == 0) wide.setNull(i); else wide.setSafe(i, wideDecimal(r));
      if (r % 17 == 0) dates.setNull(i); else dates.setSafe(i, dateValue(r));
      if (r % 19 == 0) strings.setNull(i); else strings.setSafe(i, stringValue(r).getBytes(StandardCharsets.UTF_8));
    }
    nulls.setValueCount(size);
    root.setRowCount(size);
  }

  static int intValue(long r) {
    return (int) (r * 7 - 1000);
  }

  static long longValue(long r) {
    return r * 1_000_000_007L - 42;
  }

  static double doubleValue(long r) {
    return r * 0.25 - 3.5;
  }

  static long decimalUnscaled(long r) {
    return r * 101 - 5000;
  }

  static BigDecimal wideDecimal(long r) {
    return new BigDecimal(BigInteger.valueOf(r).multiply(BigInteger.TEN.pow(25)).add(BigInteger.valueOf(r)), 4);
  }

  static int dateValue(long r) {
    return 18_000 + (int) r;
  }

  static String stringValue(long r) {
    return r % 23 == 0 ? "" : "s" + r + (r % 2 == 0 ? "-é" : "") + "x".repeat((int) (r % 9));
  }

  /**
   * Reads the stream to its end, checks every value of every batch (rows numbered from 0 across
   * batches) and the batch sizes, closing each batch.
   */
  static void readAndVerify(BatchStream stream, Written expected) {
    List<Integer> seen = new ArrayList<>();
    long first = 0;
    VectorSchemaRoot batch;
    while ((batch = stream.next()) != null) {
      try (VectorSchemaRoot b = batch) {
        verify(b, first);
        seen.add(b.getRowCount());
        first += b.getRowCount();
      }
    }
    assertEquals(expected.batchRows(), seen, "batch sizes");
  }

  /** Checks every value of a batch whose first row is row {@code first} of the file. */
  static void verify(VectorSchemaRoot batch, long first) {
    assertEquals(SCHEMA.getFields().size(), batch.getFieldVectors().size());
    BitVector bool = (BitVector) batch.getVector(0);
    IntVector ints = (IntVector) batch.getVector(1);
    BigIntVector longs = (BigIntVector) batch.getVector(2);
    Float8Vector doubles = (Float8Vector) batch.getVector(3);
    DecimalVector dec = (DecimalVector) batch.getVector(4);
    DecimalVector wide = (DecimalVector) batch.getVector(5);
    DateDayVector dates = (DateDayVector) batch.getVector(6);
    VarCharVector strings = (VarCharVector) batch.getVector(7);
    NullVector nulls = (NullVector) batch.getVector(8);
    int n = batch.getRowCount();
    for (int i = 0; i < n; i++) {
      long r = first + i;
      java.util.function.Supplier<String> at = () -> "row " + r;
      assertEquals(r % 3 == 0, bool.isNull(i), at);
      if (r % 3 != 0) assertEquals(r % 2 == 0 ? 1 : 0, bool.get(i), at);
      assertEquals(r % 5 == 0, ints.isNull(i), at);
      if (r % 5 != 0) assertEquals(intValue(r), ints.get(i), at);
      assertEquals(r % 7 == 0, longs.isNull(i), at);
      if (r % 7 != 0) assertEquals(longValue(r), longs.get(i), at);
      assertEquals(r % 11 == 0, doubles.isNull(i), at);
      if (r % 11 != 0) assertEquals(doubleValue(r), doubles.get(i), at);
      assertEquals(r % 13 == 0, dec.isNull(i), at);
      if (r % 13 != 0) assertEquals(BigDecimal.valueOf(decimalUnscaled(r), 2), dec.getObject(i), at);
      assertEquals(r % 4 == 0, wide.isNull(i), at);
      if (r % 4 != 0) assertEquals(wideDecimal(r), wide.getObject(i), at);
      assertEquals(r % 17 == 0, dates.isNull(i), at);
      if (r % 17 != 0) assertEquals(dateValue(r), dates.get(i), at);
      assertEquals(r % 19 == 0, strings.isNull(i), at);
      if (r % 19 != 0) assertArrayEquals(stringValue(r).getBytes(StandardCharsets.UTF_8), strings.get(i), at);
      assertTrue(nulls.isNull(i), at);
    }
    assertEquals(n, nulls.getValueCount());
  }
}
