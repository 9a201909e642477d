package org.ballista.runtime.format;

import static org.ballista.runtime.format.TestResults.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  /** name VARCHAR, price DECIMAL(12,2), qty INT, shipped DATE — three rows in two batches. */
  private QueryResult sample() {
    return new TestResults(allocator)
        .field("name", DataType.UTF8)
        .field("price", DataType.decimal(12, 2))
        .field("qty", DataType.INT32)
        .field("shipped", DataType.DATE)
        .batch(col("apple", null), col("0.05", "1234567.89"), col(3, null), col("2024-01-31", null))
        .batch(col("say \"hi\", then go"), col("-0.50"), col(-7), col("1970-01-01"))
        .build();
  }

  private static String render(OutputFormat format, QueryResult result, int maxRows) throws IOException {
    StringBuilder sb = new StringBuilder();
    format.write(result, sb, maxRows);
    return sb.toString();
  }

  @Test
  void csvQuotesOnlyWhereNeededAndWritesNullAsEmpty() throws IOException {
    try (QueryResult r = sample()) {
      assertEquals("""
          name,price,qty,shipped
          apple,0.05,3,2024-01-31
          ,1234567.89,,
          "say ""hi"", then go",-0.50,-7,1970-01-01
          """, render(OutputFormat.CSV, r, -1));
    }
  }

  @Test
  void csvQuotesNewlinesEmptyStringsAndHeaders() throws IOException {
    try (QueryResult r = new TestResults(allocator)
        .field("a,b", DataType.UTF8)
        .batch(col("line1\nline2", "", "cr\rhere", " spaced ", null))
        .build()) {
      assertEquals("\"a,b\"\n\"line1\nline2\"\n\"\"\n\"cr\rhere\"\n spaced \n\n", render(OutputFormat.CSV, r, -1));
    }
  }

  @Test
  void csvHonoursMaxRows() throws IOException {
    try (QueryResult r = sample()) {
      assertEquals("name,price,qty,shipped\napple,0.05,3,2024-01-31\n", render(OutputFormat.CSV, r, 1));
      assertEquals("name,price,qty,shipped\n", render(OutputFormat.CSV, r, 0));
    }
  }

  @Test
  void tsvEscapesTabsNewlinesAndBackslashes() throws IOException {
    try (QueryResult r = new TestResults(allocator)
        .field("s", DataType.UTF8)
        .field("n", DataType.INT64)
        .batch(col("a\tb", "x\ny", "back\\slash", "plain, \"quoted\"", null), col(1L, 2L, 3L, 4L, null))
        .build()) {
      assertEquals("s\tn\na\\tb\t1\nx\\ny\t2\nback\\\\slash\t3\nplain, \"quoted\"\t4\n\t\n",
          render(OutputFormat.TSV, r, -1));
    }
  }

  @Test
  void jsonLinesWritesNumbersBareAndStringsEscaped() throws IOException {
    try (QueryResult r = sample()) {
      assertEquals("""
          {"name":"apple","price":0.05,"qty":3,"shipped":"2024-01-31"}
          {"name":null,"price":1234567.89,"qty":null,"shipped":null}
          {"name":"say \\"hi\\", then go","price":-0.50,"qty":-7,"shipped":"1970-01-01"}
          """, render(OutputFormat.JSON, r, -1));
    }
  }

  @Test
  void jsonEscapesControlCharactersAndKeepsBooleansAndDoubles() throws IOException {
    try (QueryResult r = new TestResults(allocator)
        .field("s", DataType.UTF8)
        .field("b", DataType.BOOL)
        .field("d", DataType.FLOAT64)
        .field("z", DataType.NULL)
        .batch(col("tab\there\nback\\slash\u0001"), col(true), col(1.0e10), col((Object) null))
        .batch(col("é"), col(false), col(Double.NaN), col((Object) null))
        .build()) {
      assertEquals("{\"s\":\"tab\\there\\nback\\\\slash\\u0001\",\"b\":true,\"d\":10000000000.0,\"z\":null}\n"
          + "{\"s\":\"é\",\"b\":false,\"d\":\"NaN\",\"z\":null}\n", render(OutputFormat.JSON, r, -1));
    }
  }

  @Test
  void tableAlignsNumbersRightAndShowsNull() throws IOException {
    try (QueryResult r = sample()) {
      assertEquals("""
          +-------------------+------------+------+------------+
          | name              | price      | qty  | shipped    |
          +-------------------+------------+------+------------+
          | apple             |       0.05 |    3 | 2024-01-31 |
          | NULL              | 1234567.89 | NULL | NULL       |
          | say "hi", then go |      -0.50 |   -7 | 1970-01-01 |
          +-------------------+------------+------+------------+
          """, render(OutputFormat.TABLE, r, -1));
    }
  }

  @Test
  void tableSaysHowManyRowsWhenCut() throws IOException {
    try (QueryResult r = new TestResults(allocator)
        .field("x", DataType.INT64)
        .field("ok", DataType.BOOL)
        .batch(col(1L, 22L), col(true, false))
        .batch(col(333L), col((Object) null))
        .build()) {
      assertEquals("""
          +----+-------+
          | x  | ok    |
          +----+-------+
          |  1 | true  |
          | 22 | false |
          +----+-------+
          3 rows in total, 2 shown
          """,
          render(OutputFormat.TABLE, r, 2));
    }
  }

  @Test
  void emptyResultWritesHeaderOnly() throws IOException {
    try (QueryResult r = new TestResults(allocator)
        .field("a", DataType.INT32)
        .field("b", DataType.UTF8)
        .batch(col(), col())
        .build()) {
      assertEquals("a,b\n", render(OutputFormat.CSV, r, -1));
      assertEquals("a\tb\n", render(OutputFormat.TSV, r, -1));
      assertEquals("", render(OutputFormat.JSON, r, -1));
      assertEquals("+---+---+\n| a | b |\n+---+---+\n+---+---+\n", render(OutputFormat.TABLE, r, 1000));
    }
  }

  @Test
  void resultWithoutColumnsWritesNothing() throws IOException {
    try (QueryResult r = new TestResults(allocator).build()) {
      for (OutputFormat f : OutputFormat.values()) {
        assertEquals("", render(f, r, -1), f.displayName());
      }
    }
  }

  @Test
  void parseIgnoresCaseAndNamesValidFormats() {
    assertEquals(OutputFormat.CSV, OutputFormat.parse("CSV"));
    assertEquals(OutputFormat.JSON, OutputFormat.parse(" json "));
    assertEquals(OutputFormat.TABLE, OutputFormat.parse("Table"));
    assertEquals(OutputFormat.TSV, OutputFormat.parse("tsv"));
    BallistaException e = assertThrows(BallistaException.class, () -> OutputFormat.parse("xml"));
    assertEquals("unknown output format 'xml': expected one of table, csv, tsv, json", e.getMessage());
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
  }
}
