package org.ballista.runtime.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.TableSource;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvScanExecTest {
  static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("id", DataType.INT32, true),
      Vectors.field("big", DataType.INT64, true),
      Vectors.field("x", DataType.FLOAT64, true),
      Vectors.field("price", DataType.decimal(15, 2), true),
      Vectors.field("d", DataType.DATE, true),
      Vectors.field("s", DataType.UTF8, true),
      Vectors.field("b", DataType.BOOL, true)));

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  Path file(String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  CsvScanExec scan(List<Path> files, Schema table, boolean header, char delimiter, int[] projection, int batchSize,
      int partitions) {
    List<String> names = files.stream().map(Path::toString).toList();
    List<Field> out = new ArrayList<>();
    for (int c : projection) {
      out.add(table.getFields().get(c));
    }
    return new CsvScanExec("t", new TableSource.Csv(names, table, header, delimiter), projection, new Schema(out),
        batchSize, partitions);
  }

  static int[] all(Schema s) {
    return java.util.stream.IntStream.range(0, s.getFields().size()).toArray();
  }

  /** All rows of all partitions as lists of Java values (test-only; not a hot path). */
  List<List<Object>> rows(CsvScanExec scan) {
    List<List<Object>> rows = new ArrayList<>();
    for (int p = 0; p < scan.outputPartitioning().partitionCount(); p++) {
      try (BatchStream stream = scan.execute(p, new TaskContext(allocator, new SessionConfig(2, 1024)))) {
        for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            assertEquals(scan.schema(), b.getSchema());
            for (int r = 0; r < b.getRowCount(); r++) {
              List<Object> row = new ArrayList<>();
              for (FieldVector v : b.getFieldVectors()) {
                row.add(value(v, r));
              }
              rows.add(row);
            }
          }
        }
      }
    }
    return rows;
  }

  static Object value(FieldVector v, int r) {
    if (v.isNull(r)) {
      return null;
    }
    if (v instanceof IntVector i) {
      return i.get(r);
    } else if (v instanceof BigIntVector i) {
      return i.get(r);
    } else if (v instanceof Float8Vector f) {
      return f.get(r);
    } else if (v instanceof DecimalVector d) {
      return d.getObject(r);
    } else if (v instanceof DateDayVector d) {
      return java.time.LocalDate.ofEpochDay(d.get(r)).toString();
    } else if (v instanceof VarCharVector s) {
      return new String(s.get(r), StandardCharsets.UTF_8);
    } else if (v instanceof BitVector b) {
      return b.get(r) == 1;
    }
    throw new AssertionError(v.getClass());
  }

  @Test
  void parsesAllTypesQuotesAndNulls() throws IOException {
    Path f = file("t.csv", "id,big,x,price,d,s,b\r\n"
        + "1,10000000000,1.5,12.34,2024-02-29,plain,true\r\n"
        + "-2,-3,-0.25,-0.05,1970-01-01,\"with, comma\",FALSE\n"
        + ",,,,,,\n"
        + "3, 7 ,1e3,100,1992-1-2,\"\",t\n"
        + "4,0,2.5E-2,0.125,2000-12-31,\"say \"\"hi\"\"\nsecond line\",0\n"
        + "5,1,3,99999999999.99,1900-03-01,last,");   // no trailing newline
    Schema table = SCHEMA;
    List<List<Object>> rows = rows(scan(List.of(f), table, true, ',', all(table), 1024, 1));
    assertEquals(6, rows.size());
    assertEquals(List.of(1, 10_000_000_000L, 1.5, new BigDecimal("12.34"), "2024-02-29", "plain", true), rows.get(0));
    assertEquals(List.of(-2, -3L, -0.25, new BigDecimal("-0.05"), "1970-01-01", "with, comma", false), rows.get(1));
    assertEquals(java.util.Collections.nCopies(7, null), rows.get(2));
    assertEquals(List.of(3, 7L, 1000.0, new BigDecimal("100.00"), "1992-01-02", "", true), rows.get(3));
    // 0.125 rounds half away from zero to 0.13
    assertEquals(List.of(4, 0L, 0.025, new BigDecimal("0.13"), "2000-12-31", "say \"hi\"\nsecond line", false),
        rows.get(4));
    assertEquals(5, rows.get(5).get(0));
    assertEquals(new BigDecimal("99999999999.99"), rows.get(5).get(3));
    assertEquals("1900-03-01", rows.get(5).get(4));
    assertEquals("last", rows.get(5).get(5));
    assertNull(rows.get(5).get(6));
  }

  @Test
  void projectionParsesOnlyRequestedColumnsInOrder() throws IOException {
    // Column x holds garbage that would fail to parse: it is not projected, so no error.
    Path f = file("t.csv", "1|10|zzz|1.00|2020-01-01|a|true\n2|20|zzz|2.00|2020-01-02|b|false\n");
    List<List<Object>> rows = rows(scan(List.of(f), SCHEMA, false, '|', new int[] {5, 0, 5}, 1024, 1));
    assertEquals(List.of(List.of("a", 1, "a"), List.of("b", 2, "b")), rows);
  }

  @Test
  void trailingDelimiterAndEmptyLinesAreTolerated() throws IOException {
    Schema two = new Schema(List.of(Vectors.field("a", DataType.INT64, true), Vectors.field("b", DataType.UTF8, true)));
    Path f = file("t.tbl", "1|x|\n\n2|y|\n");
    assertEquals(List.of(List.of(1L, "x"), List.of(2L, "y")), rows(scan(List.of(f), two, false, '|', new int[] {0, 1}, 10, 1)));
  }

  @Test
  void batchesRespectBatchSizeAcrossBufferRefills() throws IOException {
    // Large enough to need several 1 MiB buffer fills; long quoted fields straddle the boundaries.
    StringBuilder sb = new StringBuilder("id,s\n");
    int n = 30_000;
    String pad = "p".repeat(60);
    for (int i = 0; i < n; i++) {
      sb.append(i).append(",\"").append(pad).append(",\"\"").append(i).append("\"\"\"\n");
    }
    Path f = file("big.csv", sb.toString());
    Schema table = new Schema(List.of(Vectors.field("id", DataType.INT32, true), Vectors.field("s", DataType.UTF8, true)));
    CsvScanExec scan = scan(List.of(f), table, true, ',', new int[] {0, 1}, 4096, 1);
    int expected = 0;
    int batches = 0;
    try (BatchStream stream = scan.execute(0, new TaskContext(allocator, new SessionConfig(1, 4096)))) {
      for (VectorSchemaRoot next; (next = stream.next()) != null; ) {
        try (VectorSchemaRoot b = next) {
          batches++;
          assertTrue(b.getRowCount() <= 4096);
          for (int r = 0; r < b.getRowCount(); r++) {
            assertEquals(expected, ((IntVector) b.getVector(0)).get(r));
            assertEquals(pad + ",\"" + expected + "\"", new String(((VarCharVector) b.getVector(1)).get(r), StandardCharsets.UTF_8));
            expected++;
          }
        }
      }
    }
    assertEquals(n, expected);
    assertEquals((n + 4095) / 4096, batches);
  }

  @Test
  void badValueErrorNamesFileLineColumnAndValue() throws IOException {
    Path f = file("bad.csv", "id,big,x,price,d,s,b\n1,2,3,4,2020-01-01,s,true\n\"2\",3,4,5,\"multi\nline\",s,true\n");
    CsvScanExec scan = scan(List.of(f), SCHEMA, true, ',', all(SCHEMA), 1024, 1);
    try (BatchStream stream = scan.execute(0, new TaskContext(allocator, new SessionConfig(1, 1024)))) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      String m = e.getMessage();
      assertTrue(m.contains(f.toString()) && m.contains("line 3") && m.contains("(d)") && m.contains("'multi\nline'")
          && m.contains("DATE"), m);
      assertNull(stream.next());
    }
  }

  @Test
  void wrongFieldCountAndOverflowAndBadDatesAreErrors() throws IOException {
    Schema two = new Schema(List.of(Vectors.field("a", DataType.INT32, true), Vectors.field("d", DataType.DATE, true)));
    assertError(two, "1,2020-01-01\n2\n", "line 2", "expected 2 fields but found 1");
    assertError(two, "1,2020-01-01\n2,2020-01-01,3,4\n", "line 2", "found 4");
    assertError(two, "1,2020-01-01\n2147483648,2020-01-01\n", "line 2", "'2147483648' as INTEGER");
    assertError(two, "1,2021-02-29\n", "line 1", "'2021-02-29' as DATE");
    assertError(two, "1,2021-13-01\n", "line 1", "'2021-13-01' as DATE");
    assertError(two, "1x,2021-01-01\n", "line 1", "column 1 (a)");
    assertError(two, "1,\"2021-01-01\n", "line 1", "unterminated quoted field");
    assertError(two, "1,\"2021-01-01\"x\n", "line 1", "after a closing quote");
    Schema dec = new Schema(List.of(Vectors.field("p", DataType.decimal(5, 2), true)));
    assertError(dec, "999.99\n1000.00\n", "line 2", "'1000.00' as DECIMAL(5,2)");
    assertError(dec, "999.995\n", "line 1", "DECIMAL(5,2)"); // rounds to 1000.00: too many digits
    Schema notNull = new Schema(List.of(Vectors.field("a", DataType.INT32, false)));
    assertError(notNull, "1\n\"\"\n", "line 2", "NOT NULL");
  }

  private void assertError(Schema table, String content, String... fragments) throws IOException {
    Path f = Files.write(Files.createTempFile(dir, "e", ".csv"), content.getBytes(StandardCharsets.UTF_8));
    CsvScanExec scan = scan(List.of(f), table, false, ',', all(table), 1024, 1);
    try (BatchStream stream = scan.execute(0, new TaskContext(allocator, new SessionConfig(1, 1024)))) {
      BallistaException e = assertThrows(BallistaException.class, () -> {
        for (VectorSchemaRoot b; (b = stream.next()) != null; ) {
          b.close();
        }
      });
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
      for (String fragment : fragments) {
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
      }
    }
  }

  @Test
  void wideDecimalsAndDoubles() throws IOException {
    Schema t = new Schema(List.of(Vectors.field("p", DataType.decimal(38, 10), true),
        Vectors.field("x", DataType.FLOAT64, true)));
    Path f = file("w.csv", "1234567890123456789012345678.0123456789,0.1\n"
        + "-9999999999999999999999999999.9999999999,123456789012345678901234567890\n"
        + "0.00000000005,1.7976931348623157E308\n");
    List<List<Object>> rows = rows(scan(List.of(f), t, false, ',', new int[] {0, 1}, 10, 1));
    assertEquals(new BigDecimal("1234567890123456789012345678.0123456789"), rows.get(0).get(0));
    assertEquals(0.1, rows.get(0).get(1));
    assertEquals(new BigDecimal("-9999999999999999999999999999.9999999999"), rows.get(1).get(0));
    assertEquals(1.2345678901234568E29, rows.get(1).get(1));
    assertEquals(new BigDecimal("0.0000000001"), rows.get(2).get(0));
    assertEquals(Double.MAX_VALUE, rows.get(2).get(1));
  }

  @Test
  void doubleParsingMatchesJava() {
    CsvValues.Result r = new CsvValues.Result();
    String[] inputs = {"0", "-0.0", "3.14159", "1e-5", "123456789012345", "0.000123", "9007199254740993",
        "2.2250738585072014E-308", "4.9e-324", "1E22", "1E23", "12.5e-3", "+7", "NaN", "-Infinity"};
    for (String s : inputs) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      assertTrue(CsvValues.parseDouble(b, 0, b.length, r), s);
      assertEquals(Double.parseDouble(s), r.doubleValue, s);
    }
    for (String s : new String[] {"", "-", ".", "1e", "1.2.3", "0x10", "1d", "abc", "1 2"}) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      assertTrue(!CsvValues.parseDouble(b, 0, b.length, r), s);
    }
  }

  @Test
  void epochDayMatchesJavaTime() {
    for (int y : new int[] {1, 1600, 1899, 1900, 1969, 1970, 1992, 2000, 2024, 2100, 9999}) {
      for (int m = 1; m <= 12; m++) {
        for (int d : new int[] {1, 15, CsvValues.daysInMonth(y, m)}) {
          assertEquals(java.time.LocalDate.of(y, m, d).toEpochDay(), CsvValues.epochDay(y, m, d), y + "-" + m + "-" + d);
        }
      }
    }
  }

  @Test
  void filesAreSpreadOverPartitionsAndMissingFileIsAnError() throws IOException {
    Schema one = new Schema(List.of(Vectors.field("a", DataType.INT64, true)));
    Path a = file("a.csv", "1\n2\n3\n");
    Path b = file("b.csv", "4\n5\n");
    Path c = file("c.csv", "6\n");
    CsvScanExec scan = scan(List.of(a, b, c), one, false, ',', new int[] {0}, 2, 2);
    assertEquals(2, scan.outputPartitioning().partitionCount());
    List<Object> values = new ArrayList<>();
    for (List<Object> row : rows(scan)) {
      values.add(row.get(0));
    }
    values.sort(null);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), values);

    Path missing = dir.resolve("missing.csv");
    CsvScanExec bad = scan(List.of(missing), one, false, ',', new int[] {0}, 2, 1);
    try (BatchStream stream = bad.execute(0, new TaskContext(allocator, new SessionConfig(1, 2)))) {
      BallistaException e = assertThrows(BallistaException.class, stream::next);
      assertEquals(BallistaException.Kind.IO, e.kind());
      assertTrue(e.getMessage().contains(missing.toString()));
    }
  }

  @Test
  void earlyCloseReleasesVectorsAndFile() throws IOException {
    Schema one = new Schema(List.of(Vectors.field("a", DataType.UTF8, true)));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("v").append(i).append('\n');
    }
    Path f = file("a.csv", sb.toString());
    CsvScanExec scan = scan(List.of(f), one, false, ',', new int[] {0}, 100, 1);
    TaskContext ctx = new TaskContext(allocator, new SessionConfig(1, 100));
    try (BatchStream stream = scan.execute(0, ctx)) {
      try (VectorSchemaRoot b = stream.next()) {
        assertEquals(100, b.getRowCount());
        assertEquals("v99", new String(((VarCharVector) b.getVector(0)).get(99), StandardCharsets.UTF_8));
      }
      ctx.cancel();
      assertEquals(BallistaException.Kind.CANCELLED, assertThrows(BallistaException.class, stream::next).kind());
    }
  }

  @Test
  void infersSchemaFromHeaderAndRows() throws IOException {
    Path f = file("t.csv", "id,amount,when,flag,name,empty,mixed,id\n"
        + "1,1.5,2020-01-01,true,x,,1\n"
        + "2,2,2020-02-01,FALSE,\"y,z\",,2020-01-01,7\n"
        + ",,,,,,abc,\n");
    Schema s = CsvTables.inferSchema(f.toString(), true, ',');
    List<String> described = new ArrayList<>();
    for (Field field : s.getFields()) {
      assertTrue(field.isNullable());
      described.add(field.getName() + ":" + Vectors.typeOf(field));
    }
    assertEquals(List.of("id:BIGINT", "amount:DOUBLE", "when:DATE", "flag:BOOLEAN", "name:VARCHAR", "empty:VARCHAR",
        "mixed:VARCHAR", "id_2:BIGINT"), described);

    Path noHeader = file("n.csv", "1;2.5\n2;x\n");
    Schema s2 = CsvTables.inferSchema(noHeader.toString(), false, ';');
    assertEquals(List.of("column_1", "column_2"), s2.getFields().stream().map(Field::getName).toList());
    assertEquals(DataType.INT64, Vectors.typeOf(s2.getFields().get(0)));
    assertEquals(DataType.UTF8, Vectors.typeOf(s2.getFields().get(1)));

    assertEquals(BallistaException.Kind.NOT_FOUND, assertThrows(BallistaException.class,
        () -> CsvTables.inferSchema(dir.resolve("nope.csv").toString(), true, ',')).kind());
  }
}
