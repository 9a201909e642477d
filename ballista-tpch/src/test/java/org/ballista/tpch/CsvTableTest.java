package org.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ballista.api.BallistaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
  @Test
  void parsesQuotedFieldsAndLineEnds() {
    CsvTable t = CsvTable.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"multi\nline\",2,3\n", "t");
    assertEquals(List.of("a", "b", "c"), t.columns());
    assertEquals(List.of(List.of("x, y", "say \"hi\"", ""), List.of("multi\nline", "2", "3")), t.rows());
  }

  @Test
  void blankLineIsANullRowOnlyWithOneColumn() {
    assertEquals(List.of(List.of("")), CsvTable.parse("avg_yearly\n\n", "t").rows());
    assertEquals(List.of(List.of("1", "2")), CsvTable.parse("a,b\n1,2\n\n", "t").rows());
  }

  @Test
  void raggedRowsAreRejected() {
    BallistaException e = assertThrows(BallistaException.class, () -> CsvTable.parse("a,b\n1\n", "q99.csv"));
    assertTrue(e.getMessage().contains("q99.csv"), e.getMessage());
  }

  @Test
  void quotingRoundTrips() {
    CsvTable t = new CsvTable(List.of("s"), List.of(List.of("a,b"), List.of("q\"q"), List.of("plain")));
    assertEquals("s\n\"a,b\"\n\"q\"\"q\"\nplain\n", t.toCsv());
    assertEquals(t, CsvTable.parse(t.toCsv(), "t"));
  }

  @Test
  void bundledAnswersLoad() {
    assertTrue(ExpectedAnswers.hasBundled(0.01));
    assertTrue(ExpectedAnswers.hasBundled(0.1));
    assertEquals(false, ExpectedAnswers.hasBundled(1000));
    ExpectedAnswers answers = ExpectedAnswers.bundled(0.01);
    for (int q = 1; q <= 22; q++) {
      assertTrue(answers.answer(q).isPresent(), "q" + q);
    }
    CsvTable q1 = answers.answer(1).orElseThrow();
    assertEquals(10, q1.columns().size());
    assertEquals(4, q1.rowCount());
    assertEquals(List.of("A", "F", "380456.00", "532348211.65", "505822441.49", "526165934.00", "25.58",
        "35785.71", "0.05", "14876"), q1.rows().get(0));
    assertEquals(List.of(List.of("")), answers.answer(17).orElseThrow().rows()); // NULL avg at SF 0.01
    assertEquals("0.01", ExpectedAnswers.scaleName(0.01));
    assertEquals("1", ExpectedAnswers.scaleName(1.0));
    assertThrows(BallistaException.class, () -> ExpectedAnswers.bundled(3));
  }

  @Test
  void directoryAnswers(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("q06.csv"), "revenue\n1193053.23\n");
    ExpectedAnswers answers = ExpectedAnswers.directory(dir);
    assertEquals(List.of(List.of("1193053.23")), answers.answer(6).orElseThrow().rows());
    assertTrue(answers.answer(7).isEmpty());
    assertThrows(BallistaException.class, () -> ExpectedAnswers.directory(dir.resolve("missing")));
  }

  @Test
  void queriesLoad() {
    List<TpchQueries.TpchQuery> all = TpchQueries.all();
    assertEquals(22, all.size());
    assertEquals("q05", all.get(4).name());
    assertTrue(TpchQueries.sql(1).contains("from\n    lineitem") || TpchQueries.sql(1).contains("lineitem"));
    assertTrue(TpchQueries.sql(15).startsWith("--"));
    assertThrows(BallistaException.class, () -> TpchQueries.sql(23));
    assertThrows(BallistaException.class, () -> TpchQueries.sql(0));
  }
}
