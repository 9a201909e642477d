package org.ballista.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
  @Test
  void splitsAtTopLevelSemicolonsAndTrims() {
    assertEquals(List.of("select 1", "select 2"), StatementSplitter.splitScript("select 1;\n  select 2 ;\n"));
  }

  @Test
  void keepsALastStatementWithoutSemicolon() {
    assertEquals(List.of("select 1", "select 2"), StatementSplitter.splitScript("select 1; select 2"));
  }

  @Test
  void dropsEmptyAndCommentOnlyStatements() {
    assertEquals(List.of("select 1"), StatementSplitter.splitScript(";; select 1;; -- done\n;/* nothing */;\n-- end"));
    assertEquals(List.of(), StatementSplitter.splitScript("  \n-- only a comment"));
  }

  @Test
  void semicolonsInsideStringLiteralsDoNotSplit() {
    assertEquals(List.of("select 'a;b'", "select 'it''s; fine'", "select ''"),
        StatementSplitter.splitScript("select 'a;b'; select 'it''s; fine'; select ''"));
  }

  @Test
  void semicolonsInsideQuotedIdentifiersDoNotSplit() {
    assertEquals(List.of("select \"odd;name\" from t", "select \"a\"\"b;\" from u"),
        StatementSplitter.splitScript("select \"odd;name\" from t; select \"a\"\"b;\" from u;"));
  }

  @Test
  void semicolonsInsideCommentsDoNotSplit() {
    String script = """
        -- first; query
        select 1 -- trailing; comment
        ;
        /* block; comment
           over lines; */ select 2;
        select /* inline; */ 3;
        """;
    assertEquals(List.of("-- first; query\nselect 1 -- trailing; comment",
        "/* block; comment\n   over lines; */ select 2", "select /* inline; */ 3"), StatementSplitter.splitScript(script));
  }

  @Test
  void quotesInsideCommentsAndCommentMarkersInsideStringsAreIgnored() {
    assertEquals(List.of("select 1 -- don't", "select '--not a comment;' , '/*;*/'"),
        StatementSplitter.splitScript("select 1 -- don't\n; select '--not a comment;' , '/*;*/'"));
  }

  @Test
  void aMinusOrSlashAloneIsNotAComment() {
    assertEquals(List.of("select 4 - 1", "select 4 / 2", "select 5-"), StatementSplitter.splitScript("select 4 - 1; select 4 / 2; select 5-"));
  }

  @Test
  void splitReturnsTheUnfinishedRemainder() {
    StatementSplitter.Split split = StatementSplitter.split("select 1; select 'x;");
    assertEquals(List.of("select 1"), split.statements());
    assertEquals(" select 'x;", split.remainder());
  }

  @Test
  void completenessFollowsQuotesAndComments() {
    assertTrue(StatementSplitter.isComplete(""));
    assertTrue(StatementSplitter.isComplete("select 1;"));
    assertTrue(StatementSplitter.isComplete("select 1;  -- note"));
    assertTrue(StatementSplitter.isComplete("select\n1\n;\n"));
    assertFalse(StatementSplitter.isComplete("select 1"));
    assertFalse(StatementSplitter.isComplete("select 'a;"));
    assertFalse(StatementSplitter.isComplete("select \"a;"));
    assertFalse(StatementSplitter.isComplete("select 1 -- ;"));
    assertFalse(StatementSplitter.isComplete("select 1; /* open"));
    assertFalse(StatementSplitter.isComplete("select 1 /* ; */"));
    assertTrue(StatementSplitter.isComplete("select 1 /* ; */;"));
  }

  @Test
  void blankMeansOnlyWhitespaceAndClosedComments() {
    assertTrue(StatementSplitter.isBlank(" \n\t-- x\n/* y */ "));
    assertFalse(StatementSplitter.isBlank("/* unterminated"));
    assertFalse(StatementSplitter.isBlank("-- x\nselect"));
  }
}
