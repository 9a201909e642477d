package org.ballista.runtime.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.TableSource;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetScanExecTest {
  /** File schema: includes types the engine normalizes (SMALLINT, FLOAT). */
  static final Schema FILE_SCHEMA = new Schema(List.of(
      Vectors.field("id", DataType.INT32, false),
      Vectors.field("big", DataType.INT64, true),
      Vectors.field("price", DataType.decimal(15, 2), true),
      Vectors.field("d", DataType.DATE, true),
      Vectors.field("name", DataType.UTF8, true),
      new Field("small", new FieldType(true, new ArrowType.Int(16, true), null), null),
      new Field("f", new FieldType(true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), null), null)));

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close(); // throws on a leak
  }

  static boolean isNullRow(int i) {
    return i % 7 == 3;
  }

  static long price(int i) {
    return (i % 2 == 0 ? 1 : -1) * (i * 12_345L + 99);
  }

  /** Rows {@code from..from+count-1} as one batch of FILE_SCHEMA. */
  static VectorSchemaRoot batch(BufferAllocator allocator, int from, int count) {
    VectorSchemaRoot root = VectorSchemaRoot.create(FILE_SCHEMA, allocator);
    root.allocateNew();
    IntVector id = (IntVector) root.getVector(0);
    BigIntVector big = (BigIntVector) root.getVector(1);
    DecimalVector price = (DecimalVector) root.getVector(2);
    DateDayVector d = (DateDayVector) root.getVector(3);
    VarCharVector name = (VarCharVector) root.getVector(4);
    SmallIntVector small = (SmallIntVector) root.getVector(5);
    Float4Vector f = (Float4Vector) root.getVector(6);
    for (int r = 0; r < count; r++) {
      int i = from + r;
      id.setSafe(r, i);
      if (isNullRow(i)) {
        big.setNull(r);
        price.setNull(r);
        d.setNull(r);
        name.setNull(r);
        small.setNull(r);
        f.setNull(r);
        continue;
      }
      big.setSafe(r, i * 1_000_000_007L);
      DecimalVectors.setLong(price, r, price(i));
      d.setSafe(r, 10_000 + i);
      name.setSafe(r, ("name-" + i).getBytes(StandardCharsets.UTF_8));
      small.setSafe(r, (short) (i - 500));
      f.setSafe(r, i + 0.5f);
    }
    root.setRowCount(count);
    return root;
  }

  Path writeFile(String name, int from, int count, int batchRows) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      for (int s = from; s < from + count; s += batchRows) {
        batches.add(batch(allocator, s, Math.min(batchRows, from + count - s)));
      }
      return ParquetTestFiles.write(allocator, FILE_SCHEMA, batches, dir.resolve(name));
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  TaskContext context(int batchSize) {
    return new TaskContext(allocator, new SessionConfig(4, batchSize));
  }

  static Schema project(Schema tableSchema, int... projection) {
    List<Field> fields = new ArrayList<>();
    for (int c : projection) {
      fields.add(tableSchema.getFields().get(c));
    }
    return new Schema(fields);
  }

  @Test
  void readSchemaNormalizesTypes() {
    Path file = writeFile("t.parquet", 0, 10, 10);
    Schema schema = ParquetTables.readSchema(List.of(file.toString()), allocator);
    List<String> types = new ArrayList<>();
    for (Field f : schema.getFields()) {
      types.add(f.getName() + ":" + Vectors.typeOf(f));
    }
    assertEquals(List.of("id:INTEGER", "big:BIGINT", "price:DECIMAL(15,2)", "d:DATE", "name:VARCHAR",
        "small:INTEGER", "f:DOUBLE"), types);
  }

  @Test
  void scansAllColumnsWithValuesNullsAndNormalizedTypes() {
    Path file = writeFile("t.parquet", 0, 1000, 300);
    Schema table = ParquetTables.readSchema(List.of(file.toString()), allocator);
    TableSource.Parquet source = new TableSource.Parquet(List.of(file.toString()), table);
    ParquetScanExec scan = new ParquetScanExec("t", source, new int[] {0, 1, 2, 3, 4, 5, 6}, table, 4);
    assertEquals(1, scan.outputPartitioning().partitionCount());
    int seen = 0;
    try (BatchStream stream = scan.execute(0, context(8192))) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          assertEquals(table, b.getSchema());
          IntVector id = (IntVector) b.getVector(0);
          for (int r = 0; r < b.getRowCount(); r++) {
            int i = id.get(r);
            assertEquals(seen, i);
            seen++;
            if (isNullRow(i)) {
              for (int c = 1; c < 7; c++) {
                assertTrue(b.getVector(c).isNull(r), "column " + c + " row " + i);
              }
              continue;
            }
            assertEquals(i * 1_000_000_007L, ((BigIntVector) b.getVector(1)).get(r));
            assertEquals(price(i), DecimalVectors.getLong((DecimalVector) b.getVector(2), r));
            assertEquals(10_000 + i, ((DateDayVector) b.getVector(3)).get(r));
            assertEquals("name-" + i, new String(((VarCharVector) b.getVector(4)).get(r), StandardCharsets.UTF_8));
            assertEquals(i - 500, ((IntVector) b.getVector(5)).get(r));
            assertEquals(i + 0.5, ((Float8Vector) b.getVector(6)).get(r));
          }
        }
      }
    }
    assertEquals(1000, seen);
  }

  @Test
  void projectionOrderDuplicatesAndOutputNames() {
    Path file = writeFile("t.parquet", 0, 50, 50);
    Schema table = ParquetTables.readSchema(List.of(file.toString()), allocator);
    TableSource.Parquet source = new TableSource.Parquet(List.of(file.toString()), table);
    Schema out = new Schema(List.of(
        Vectors.field("n", DataType.UTF8, true),
        Vectors.field("p", DataType.decimal(15, 2), true),
        Vectors.field("k", DataType.INT32, false),
        Vectors.field("k2", DataType.INT32, false)));
    ParquetScanExec scan = new ParquetScanExec("t", source, new int[] {4, 2, 0, 0}, out, 1);
    int rows = 0;
    try (BatchStream stream = scan.execute(0, context(8192))) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          assertEquals(out, b.getSchema());
          for (int r = 0; r < b.getRowCount(); r++) {
            int i = ((IntVector) b.getVector(2)).get(r);
            assertEquals(i, ((IntVector) b.getVector(3)).get(r));
            if (!isNullRow(i)) {
              assertEquals("name-" + i, new String(((VarCharVector) b.getVector(0)).get(r), StandardCharsets.UTF_8));
              assertEquals(price(i), DecimalVectors.getLong((DecimalVector) b.getVector(1), r));
            }
            rows++;
          }
        }
      }
    }
    assertEquals(50, rows);
  }

  @Test
  void emptyProjectionCountsRows() {
    Path file = writeFile("t.parquet", 0, 777, 777);
    Schema table = ParquetTables.readSchema(List.of(file.toString()), allocator);
    ParquetScanExec scan = new ParquetScanExec("t", new TableSource.Parquet(List.of(file.toString()), table),
        new int[0], new Schema(List.of()), 1);
    assertEquals(777, drainCount(scan, 0, context(8192)));
  }

  @Test
  void multipleFilesAreSplitIntoBalancedPartitions() {
    List<String> files = List.of(
        writeFile("a.parquet", 0, 3000, 1000).toString(),
        writeFile("b.parquet", 3000, 1000, 1000).toString(),
        writeFile("c.parquet", 4000, 1500, 1000).toString(),
        writeFile("d.parquet", 5500, 500, 500).toString());
    Schema table = ParquetTables.readSchema(files, allocator);
    TableSource.Parquet source = new TableSource.Parquet(files, table);
    assertEquals(6000, ParquetTables.rowCount(files, allocator));

    ParquetScanExec two = new ParquetScanExec("t", source, new int[] {0}, project(table, 0), 2);
    assertEquals(2, two.outputPartitioning().partitionCount());
    // The largest file (a) alone, the three smaller ones together.
    assertEquals(List.of(List.of(files.get(0)), List.of(files.get(1), files.get(2), files.get(3))), two.fileGroups());
    Set<Integer> ids = new HashSet<>();
    for (int p = 0; p < 2; p++) {
      collectIds(two, p, ids);
    }
    assertEquals(6000, ids.size());
    assertTrue(ids.contains(0) && ids.contains(5999));

    ParquetScanExec many = new ParquetScanExec("t", source, new int[] {0}, project(table, 0), 16);
    assertEquals(4, many.outputPartitioning().partitionCount());
    long total = 0;
    for (int p = 0; p < 4; p++) {
      total += drainCount(many, p, context(8192));
    }
    assertEquals(6000, total);
  }

  @Test
  void rowCountReadsFooter() {
    Path file = writeFile("t.parquet", 0, 70_000, 10_000); // several row groups
    assertEquals(70_000, ParquetTables.rowCount(List.of(file.toString()), allocator));
  }

  @Test
  void earlyCloseAndCancellationReleaseEverything() {
    Path file = writeFile("t.parquet", 0, 5000, 1000);
    Schema table = ParquetTables.readSchema(List.of(file.toString()), allocator);
    ParquetScanExec scan = new ParquetScanExec("t", new TableSource.Parquet(List.of(file.toString()), table),
        new int[] {4, 1}, project(table, 4, 1), 1);
    try (BatchStream stream = scan.execute(0, context(100))) {
      try (VectorSchemaRoot first = stream.next()) {
        assertTrue(first.getRowCount() > 0 && first.getRowCount() <= 100);
      }
    }
    TaskContext ctx = context(100);
    try (BatchStream stream = scan.execute(0, ctx)) {
      stream.next().close();
      ctx.cancel();
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.CANCELLED, e.kind());
    }
  }

  @Test
  void corruptFileRaisesIoErrorNamingTheFile() throws IOException {
    Path good = writeFile("good.parquet", 0, 10, 10);
    Path bad = dir.resolve("bad.parquet");
    byte[] garbage = new byte[4096];
    new java.util.Random(42).nextBytes(garbage);
    Files.write(bad, garbage);
    Schema table = ParquetTables.readSchema(List.of(good.toString()), allocator);

    BallistaException schemaError = assertThrows(BallistaException.class,
        () -> ParquetTables.readSchema(List.of(bad.toString()), allocator));
    assertEquals(BallistaException.Kind.IO, schemaError.kind());
    assertTrue(schemaError.getMessage().contains(bad.toString()), schemaError.getMessage());

    BallistaException countError = assertThrows(BallistaException.class,
        () -> ParquetTables.rowCount(List.of(bad.toString()), allocator));
    assertEquals(BallistaException.Kind.IO, countError.kind());
    assertTrue(countError.getMessage().contains(bad.toString()), countError.getMessage());

    ParquetScanExec scan = new ParquetScanExec("t", new TableSource.Parquet(List.of(bad.toString()), table),
        new int[] {0}, project(table, 0), 1);
    try (BatchStream stream = scan.execute(0, context(8192))) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      assertNull(stream.next());
    }

    // A truncated copy of a real file: magic at the start but a broken footer.
    Path truncated = dir.resolve("truncated.parquet");
    byte[] bytes = Files.readAllBytes(good);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    ParquetScanExec scan2 = new ParquetScanExec("t", new TableSource.Parquet(List.of(truncated.toString()), table),
        new int[] {0}, project(table, 0), 1);
    try (BatchStream stream = scan2.execute(0, context(8192))) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
    }
  }

  @Test
  void missingFileRaisesIoErrorNamingTheFile() {
    Path good = writeFile("good.parquet", 0, 10, 10);
    Schema table = ParquetTables.readSchema(List.of(good.toString()), allocator);
    String missing = dir.resolve("gone.parquet").toString();
    ParquetScanExec scan = new ParquetScanExec("t", new TableSource.Parquet(List.of(missing), table),
        new int[] {0}, project(table, 0), 1);
    try (BatchStream stream = scan.execute(0, context(8192))) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(missing), e.getMessage());
    }
    BallistaException e = assertThrows(BallistaException.class,
        () -> ParquetTables.readSchema(List.of(missing), allocator));
    assertTrue(e.getMessage().contains(missing));
  }

  @Test
  void listFilesPicksParquetFilesOrAllVisibleFiles() throws IOException {
    Path t1 = Files.createDirectory(dir.resolve("t1"));
    Files.write(t1.resolve("b.parquet"), new byte[1]);
    Files.write(t1.resolve("a.parquet"), new byte[1]);
    Files.write(t1.resolve("_SUCCESS"), new byte[0]);
    Files.createDirectory(t1.resolve("sub.parquet"));
    assertEquals(List.of(t1.resolve("a.parquet").toString(), t1.resolve("b.parquet").toString()),
        ParquetTables.listFiles(t1.toString()));

    Path t2 = Files.createDirectory(dir.resolve("t2"));
    Files.write(t2.resolve("part-1"), new byte[1]);
    Files.write(t2.resolve("part-0"), new byte[1]);
    Files.write(t2.resolve(".crc"), new byte[1]);
    Files.write(t2.resolve("_SUCCESS"), new byte[1]);
    assertEquals(List.of(t2.resolve("part-0").toString(), t2.resolve("part-1").toString()),
        ParquetTables.listFiles(t2.toString()));

    assertEquals(List.of(t1.resolve("a.parquet").toString()), ParquetTables.listFiles(t1.resolve("a.parquet").toString()));

    BallistaException missing = assertThrows(BallistaException.class,
        () -> ParquetTables.listFiles(dir.resolve("nope").toString()));
    assertEquals(BallistaException.Kind.NOT_FOUND, missing.kind());
    assertTrue(missing.getMessage().contains("nope"));
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertEquals(BallistaException.Kind.NOT_FOUND,
        assertThrows(BallistaException.class, () -> ParquetTables.listFiles(empty.toString())).kind());
  }

  @Test
  void balanceIsDeterministicAndCoversAllFiles() {
    List<String> files = List.of("a", "b", "c", "d", "e");
    List<List<String>> groups = FileLists.balance(files, new long[] {10, 50, 20, 20, 5}, 3);
    assertEquals(List.of(List.of("b"), List.of("a", "c"), List.of("d", "e")), groups); // totals 50, 30, 25
    assertEquals(List.of(List.of()), FileLists.balance(List.of(), new long[0], 4));
    assertFalse(FileLists.balance(files, new long[5], 2).get(1).isEmpty());
  }

  private long drainCount(ParquetScanExec scan, int partition, TaskContext ctx) {
    long rows = 0;
    try (BatchStream stream = scan.execute(partition, ctx)) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          rows += b.getRowCount();
        }
      }
    }
    return rows;
  }

  private void collectIds(ParquetScanExec scan, int partition, Set<Integer> ids) {
    try (BatchStream stream = scan.execute(partition, context(8192))) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          IntVector id = (IntVector) b.getVector(0);
          for (int r = 0; r < b.getRowCount(); r++) {
            assertTrue(ids.add(id.get(r)));
          }
        }
      }
    }
  }
}
