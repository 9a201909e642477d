package org.ballista.runtime.expr;

import static org.ballista.runtime.expr.TestBatches.col;
import static org.ballista.runtime.expr.TestBatches.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.junit.jupiter.api.Test;

/** Value tests of the string, comparison, date and math functions added for common SQL dialects. */
class SqlFunctionKernelsTest extends ExprTestBase {
  private static final Object[] WORDS = {"hello", "", "čaj€x", null, "日本語"};

  private List<Object> str(Op op, Expr... args) {
    return eval(call(op, STR, args), col(STR, WORDS));
  }

  @Test
  void charLengthCountsCodePoints() {
    assertEquals(list(5L, 0L, 5L, null, 3L), eval(call(Op.CHAR_LENGTH, I64, ref(0, STR)), col(STR, WORDS)));
  }

  @Test
  void leftAndRightInCharactersWithNegativeCounts() {
    assertEquals(list("he", "", "ča", null, "日本"), str(Op.LEFT_CHARS, ref(0, STR), lit(2, I32)));
    assertEquals(list("lo", "", "€x", null, "本語"), str(Op.RIGHT_CHARS, ref(0, STR), lit(2, I32)));
    assertEquals(list("hel", "", "čaj", null, "日"), str(Op.LEFT_CHARS, ref(0, STR), lit(-2, I32)));
    assertEquals(list("llo", "", "j€x", null, "語"), str(Op.RIGHT_CHARS, ref(0, STR), lit(-2, I32)));
    assertEquals(list("hello", "", "čaj€x", null, "日本語"), str(Op.LEFT_CHARS, ref(0, STR), lit(99, I32)));
    assertEquals(list("", "", "", null, ""), str(Op.RIGHT_CHARS, ref(0, STR), lit(-99, I32)));
    // the count from a column, with a NULL count
    assertEquals(list("h", null, "čaj€"),
        eval(call(Op.LEFT_CHARS, STR, ref(0, STR), ref(1, I64)), col(STR, "hello", "x", "čaj€x"), col(I64, 1L, null, 4L)));
    assertEquals(list((Object) null), eval(call(Op.LEFT_CHARS, STR, ref(0, STR), lit(null, I32)), col(STR, "x")));
  }

  @Test
  void padsRepeatTheFillAndCutLongInputs() {
    assertEquals(list("hello", "     ", "čaj€x", null, "  日本語"), str(Op.LPAD, ref(0, STR), lit(5, I32)));
    assertEquals(list("hello", "     ", "čaj€x", null, "日本語  "), str(Op.RPAD, ref(0, STR), lit(5, I32)));
    assertEquals(list("€ö€hello", "€ö€ö€ö€ö", "€ö€čaj€x", null, "€ö€ö€日本語"),
        str(Op.LPAD, ref(0, STR), lit(8, I32), lit("€ö", STR)));
    assertEquals(list("hel", "aba", "čaj", null, "日本語"), str(Op.RPAD, ref(0, STR), lit(3, I32), lit("ab", STR)));
    assertEquals(list("", "", "", null, ""), str(Op.LPAD, ref(0, STR), lit(-1, I32), lit("ab", STR)));
    assertEquals(list("hello", "", "čaj€x", null, "日本語"), str(Op.LPAD, ref(0, STR), lit(9, I32), lit("", STR)));
    assertEquals(list(null, null, null, null, null), str(Op.RPAD, ref(0, STR), lit(9, I32), lit(null, STR)));
    BallistaException e = assertThrows(BallistaException.class,
        () -> eval(call(Op.LPAD, STR, ref(0, STR), lit(1L << 40, I64)), col(STR, "x")));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void replaceAllNonOverlappingOccurrences() {
    assertEquals(list("heLLo", "", "čaj€x", null, "日本語"), str(Op.REPLACE, ref(0, STR), lit("l", STR), lit("L", STR)));
    assertEquals(list("hello", "", "čaj<euro>x", null, "日本語"),
        str(Op.REPLACE, ref(0, STR), lit("€", STR), lit("<euro>", STR)));
    assertEquals(list("hello", "", "čaj€x", null, "日本語"), str(Op.REPLACE, ref(0, STR), lit("", STR), lit("z", STR)));
    assertEquals(list("b", "bab"), eval(call(Op.REPLACE, STR, ref(0, STR), lit("aa", STR), lit("", STR)),
        col(STR, "aaaab", "baaab")));
    assertEquals(list(null, null, null, null, null), str(Op.REPLACE, ref(0, STR), lit("l", STR), lit(null, STR)));
  }

  @Test
  void reverseByCharacters() {
    assertEquals(list("olleh", "", "x€jač", null, "語本日"), str(Op.REVERSE, ref(0, STR)));
    assertEquals(list("😀a"), eval(call(Op.REVERSE, STR, ref(0, STR)), col(STR, "a😀")));
  }

  @Test
  void startsAndEndsWith() {
    assertEquals(list(true, true, true, null, true), eval(call(Op.STARTS_WITH, BOOL, ref(0, STR), lit("", STR)), col(STR, WORDS)));
    assertEquals(list(false, false, true, null, true),
        eval(call(Op.STARTS_WITH, BOOL, ref(0, STR), ref(1, STR)), col(STR, WORDS), col(STR, "x", "a", "ča", "h", "日本語")));
    assertEquals(list(true, true, true, null, true), eval(call(Op.ENDS_WITH, BOOL, ref(0, STR), lit("", STR)), col(STR, WORDS)));
    assertEquals(list(true, false, true, null, true, false), eval(call(Op.ENDS_WITH, BOOL, ref(0, STR), ref(1, STR)),
        col(STR, "hello", "", "čaj€x", null, "日本語", "lo"), col(STR, "llo", "a", "€x", "x", "語", "hello")));
    assertEquals(list(null, null), eval(call(Op.ENDS_WITH, BOOL, ref(0, STR), lit(null, STR)), col(STR, "a", "b")));
  }

  @Test
  void concatWsSkipsNulls() {
    Expr cws = call(Op.CONCAT_WS, STR, ref(0, STR), ref(1, STR), lit(null, STR), ref(2, I32));
    assertEquals(list("a-1", "", null, "b-2", ""),
        eval(cws, col(STR, "-", "€", null, "-", ", "), col(STR, "a", null, "x", "b", null), col(I32, 1, null, 3, 2, null)));
  }

  @Test
  void greatestAndLeastIgnoreNulls() {
    Expr g = call(Op.GREATEST, I64, ref(0, I32), ref(1, I64), lit(3, I32));
    Expr l = call(Op.LEAST, I64, ref(0, I32), ref(1, I64), lit(null, I32));
    assertEquals(list(5L, 10L, 3L, 3L), eval(g, col(I32, 5, 1, null, null), col(I64, 2L, 10L, -7L, null)));
    assertEquals(list(2L, 1L, -7L, null), eval(l, col(I32, 5, 1, null, null), col(I64, 2L, 10L, -7L, null)));
    assertEquals(list(new BigDecimal("2.50"), new BigDecimal("-1.00")),
        eval(call(Op.GREATEST, dec(12, 2), ref(0, dec(10, 2)), ref(1, I32)), col(dec(10, 2), "2.50", "-1.5"), col(I32, 2, -1)));
    assertEquals(list(-0.5, Double.NaN), eval(call(Op.GREATEST, F64, ref(0, F64), lit(-1.0, F64)), col(F64, -0.5, Double.NaN)));
    assertEquals(list("čaj", null, "b"),
        eval(call(Op.GREATEST, STR, ref(0, STR), ref(1, STR)), col(STR, "čaj", null, "b"), col(STR, "caj", null, "abc")));
    assertEquals(list("caj", "abc"),
        eval(call(Op.LEAST, STR, ref(0, STR), ref(1, STR)), col(STR, "čaj", null), col(STR, "caj", "abc")));
    // day 9000 is 1994-08-23
    assertEquals(list("1994-01-01", "1994-08-23"),
        eval(call(Op.LEAST, DATE, ref(0, DATE), lit(9000, DATE)), col(DATE, "1994-01-01", "1995-06-30")));
    assertEquals(list(true, false, null),
        eval(call(Op.GREATEST, BOOL, ref(0, BOOL), ref(1, BOOL)), col(BOOL, true, false, null), col(BOOL, false, null, null)));
  }

  @Test
  void dateTruncation() {
    // 1996-12-01 is a Sunday, 2000-02-29 a Tuesday, 1969-12-31 a Wednesday
    Object[] days = {"1996-12-01", "2000-02-29", "1969-12-31", null, "1970-01-05"};
    assertEquals(list("1996-01-01", "2000-01-01", "1969-01-01", null, "1970-01-01"), trunc(Op.DATE_TRUNC_YEAR, days));
    assertEquals(list("1996-10-01", "2000-01-01", "1969-10-01", null, "1970-01-01"), trunc(Op.DATE_TRUNC_QUARTER, days));
    assertEquals(list("1996-12-01", "2000-02-01", "1969-12-01", null, "1970-01-01"), trunc(Op.DATE_TRUNC_MONTH, days));
    assertEquals(list("1996-11-25", "2000-02-28", "1969-12-29", null, "1970-01-05"), trunc(Op.DATE_TRUNC_WEEK, days));
    assertEquals(list("1996-12-01", "2000-02-29", "1969-12-31", null, "1970-01-05"), trunc(Op.DATE_TRUNC_DAY, days));
  }

  private List<Object> trunc(Op op, Object[] days) {
    return eval(call(op, DATE, ref(0, DATE)), col(DATE, days));
  }

  @Test
  void truncateTowardZero() {
    assertEquals(list(new BigDecimal("1.2"), new BigDecimal("-1.2"), new BigDecimal("0.0"), null),
        eval(call(Op.TRUNCATE, dec(10, 1), ref(0, dec(10, 3)), lit(1, I32)), col(dec(10, 3), "1.299", "-1.299", "-0.05", null)));
    assertEquals(list(new BigDecimal("1.000"), new BigDecimal("-1.000")),
        eval(call(Op.TRUNCATE, dec(10, 3), ref(0, dec(10, 3))), col(dec(10, 3), "1.999", "-1.999")));
    assertEquals(list(1200L, -1200L), eval(call(Op.TRUNCATE, I64, ref(0, I64), lit(-2, I32)), col(I64, 1299L, -1299L)));
    assertEquals(list(2.71, -2.71, null), eval(call(Op.TRUNCATE, F64, ref(0, F64), lit(2, I32)), col(F64, 2.718, -2.718, null)));
  }

  @Test
  void signOfEachType() {
    assertEquals(list(-1, 0, 1, null), eval(call(Op.SIGN, I32, ref(0, I32)), col(I32, -5, 0, 7, null)));
    assertEquals(list(new BigDecimal("-1.00"), new BigDecimal("0.00"), new BigDecimal("1.00")),
        eval(call(Op.SIGN, dec(10, 2), ref(0, dec(10, 2))), col(dec(10, 2), "-0.01", "0", "3.5")));
    assertEquals(list(-1.0, 0.0, 1.0), eval(call(Op.SIGN, F64, ref(0, F64)), col(F64, -2.5, 0.0, 1e-9)));
  }

  @Test
  void logarithms() {
    assertEquals(list(2.0, 0.0, null), eval(call(Op.LOG10, F64, ref(0, I32)), col(I32, 100, 1, null)));
    List<Object> log = eval(call(Op.LOG, F64, lit(2, I32), ref(0, dec(10, 1))), col(dec(10, 1), "8.0", "0.5", null));
    assertEquals(3.0, (Double) log.get(0), 1e-12);
    assertEquals(-1.0, (Double) log.get(1), 1e-12);
    assertEquals(null, log.get(2));
    assertEquals(list(2.0, null), eval(call(Op.LOG, F64, ref(0, F64), ref(1, F64)), col(F64, 3.0, null), col(F64, 9.0, 1.0)));
  }
}
