package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.QueryResult;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {
  private static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("n_name", DataType.UTF8, true),
      Vectors.field("revenue", DataType.decimal(15, 2), true),
      Vectors.field("cnt", DataType.INT64, true),
      Vectors.field("d", DataType.DATE, true),
      Vectors.field("avg", DataType.FLOAT64, true)));

  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  /** A row: name, revenue (unscaled cents or null), count, date, average. */
  private record Row(String name, Long cents, long cnt, LocalDate d, Double avg) {}

  private VectorSchemaRoot batch(Row... rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      Row r = rows[i];
      if (r.name() == null) {
        ((VarCharVector) root.getVector(0)).setNull(i);
      } else {
        ((VarCharVector) root.getVector(0)).setSafe(i, r.name().getBytes(StandardCharsets.UTF_8));
      }
      if (r.cents() == null) {
        ((DecimalVector) root.getVector(1)).setNull(i);
      } else {
        ((DecimalVector) root.getVector(1)).setSafe(i, BigDecimal.valueOf(r.cents(), 2));
      }
      ((BigIntVector) root.getVector(2)).setSafe(i, r.cnt());
      ((DateDayVector) root.getVector(3)).setSafe(i, (int) r.d().toEpochDay());
      ((Float8Vector) root.getVector(4)).setSafe(i, r.avg());
    }
    root.setRowCount(rows.length);
    return root;
  }

  private QueryResult result(VectorSchemaRoot... batches) {
    return new QueryResult(SCHEMA, List.of(batches));
  }

  private static final String EXPECTED = "n_name,revenue,cnt,d,avg\n"
      + "\"CHINA, PRC\",1193053.23,14876,1995-03-11,25.58\n"
      + "JAPAN,,2,1996-01-02,0.05\n"
      + "\"say \"\"hi\"\"\",526165934.00,0,1992-01-01,35785.71\n";

  private QueryResult matching() {
    return result(
        batch(new Row("CHINA, PRC", 119305323L, 14876, LocalDate.of(1995, 3, 11), 25.5812345),
            new Row("JAPAN", null, 2, LocalDate.of(1996, 1, 2), 0.0499999)),
        batch(new Row("say \"hi\"", 52616593400L, 0, LocalDate.of(1992, 1, 1), 35785.709)));
  }

  @Test
  void equalResultsHaveNoMismatches() {
    CsvTable expected = CsvTable.parse(EXPECTED, "test");
    try (QueryResult actual = matching()) {
      assertEquals(List.of(), new ResultComparator().compare(expected, actual));
    }
  }

  @Test
  void numbersWithinToleranceMatch() {
    assertTrue(ResultComparator.cellMatches("25.58", 25.589));
    assertTrue(ResultComparator.cellMatches("25.58", new BigDecimal("25.57")));
    assertFalse(ResultComparator.cellMatches("25.58", new BigDecimal("25.60")));
    // relative 1e-6 of 526,165,934 is about 526
    assertTrue(ResultComparator.cellMatches("526165934.00", new BigDecimal("526166100.00")));
    assertFalse(ResultComparator.cellMatches("526165934.00", new BigDecimal("526167000.00")));
    assertTrue(ResultComparator.cellMatches("14876", 14876L));
    assertFalse(ResultComparator.cellMatches("14876", 14877L));
    assertTrue(ResultComparator.cellMatches(" BUILDING ", "BUILDING"));
    assertFalse(ResultComparator.cellMatches("BUILDING", "BUILDINGS"));
    assertTrue(ResultComparator.cellMatches("", null));
    assertFalse(ResultComparator.cellMatches("0", null));
    assertFalse(ResultComparator.cellMatches("", 0L));
    assertFalse(ResultComparator.cellMatches("abc", 1L));
    assertTrue(ResultComparator.cellMatches("1995-03-11", LocalDate.of(1995, 3, 11)));
  }

  @Test
  void mismatchedCellsAreReportedWithRowAndColumn() {
    CsvTable expected = CsvTable.parse(EXPECTED, "test");
    try (QueryResult actual = result(
        batch(new Row("CHINA, PRC", 119300000L, 14876, LocalDate.of(1995, 3, 11), 25.58),
            new Row("JAPAN", null, 2, LocalDate.of(1996, 1, 3), 0.05)),
        batch(new Row("say hi", 52616593400L, 0, LocalDate.of(1992, 1, 1), 35785.71)))) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(expected, actual);
      assertEquals(List.of(
          new ResultComparator.Mismatch(1, "revenue", "1193053.23", "1193000.00"),
          new ResultComparator.Mismatch(2, "d", "1996-01-02", "1996-01-03"),
          new ResultComparator.Mismatch(3, "n_name", "say \"hi\"", "say hi")), mismatches);
      assertEquals("row 1, column revenue: expected '1193053.23', actual '1193000.00'", mismatches.get(0).toString());
    }
  }

  @Test
  void differentRowCountIsReported() {
    CsvTable expected = CsvTable.parse(EXPECTED, "test");
    try (QueryResult actual = result(batch(
        new Row("CHINA, PRC", 119305323L, 14876, LocalDate.of(1995, 3, 11), 25.58)))) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(expected, actual);
      assertEquals(List.of(new ResultComparator.Mismatch(0, "row count", "3", "1")), mismatches);
    }
    try (QueryResult empty = result()) {
      assertEquals("row count: expected 3, actual 0", new ResultComparator().compare(expected, empty).get(0).toString());
    }
  }

  @Test
  void differentColumnCountIsReported() {
    CsvTable expected = CsvTable.parse("a,b\n1,2\n", "test");
    try (QueryResult actual = matching()) {
      List<ResultComparator.Mismatch> mismatches = new ResultComparator().compare(expected, actual);
      assertEquals(1, mismatches.size());
      assertEquals("column count", mismatches.get(0).column());
    }
  }

  @Test
  void mismatchesAreCapped() {
    StringBuilder csv = new StringBuilder("n_name,revenue,cnt,d,avg\n");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      csv.append("X,1.00,").append(i).append(",2000-01-01,1.00\n");
      rows.add(new Row("Y", 200L, i + 1, LocalDate.of(2000, 1, 2), 2.0));
    }
    try (QueryResult actual = result(batch(rows.toArray(Row[]::new)))) {
      assertEquals(7, new ResultComparator(7).compare(CsvTable.parse(csv.toString(), "t"), actual).size());
    }
  }

  @Test
  void formatterWritesTheAnswerFormatAndRoundTrips() {
    try (QueryResult actual = matching()) {
      String csv = ResultFormatter.toCsv(actual);
      assertEquals(EXPECTED, csv);
      assertEquals(List.of(), new ResultComparator().compare(CsvTable.parse(csv, "formatted"), actual));
    }
  }

  @Test
  void formatterRoundsHalfUpToTwoPlaces() {
    assertEquals("0.13", ResultFormatter.format(0.125));
    assertEquals("-3.46", ResultFormatter.format(new BigDecimal("-3.455")));
    assertEquals("7.00", ResultFormatter.format(new BigDecimal("7")));
    assertEquals("42", ResultFormatter.format(42L));
    assertEquals("", ResultFormatter.format(null));
  }
}
