package org.ballista.runtime.expr;

import static org.ballista.runtime.expr.TestBatches.col;
import static org.ballista.runtime.expr.TestBatches.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;

class FunctionsTest extends ExprTestBase {

  private List<Object> like(String pattern, Character escape, Object... values) {
    return eval(new Expr.Like(ref(0, STR), pattern, escape, false), col(STR, values));
  }

  @Test
  void likeFastPaths() {
    Object[] v = {"PROMO BRUSHED", "STANDARD PROMO", "xPROMOx", "PROMO", "", null};
    assertEquals(list(true, false, false, true, false, null), like("PROMO%", null, v));
    assertEquals(list(false, true, false, true, false, null), like("%PROMO", null, v));
    assertEquals(list(true, true, true, true, false, null), like("%PROMO%", null, v));
    assertEquals(list(false, false, false, true, false, null), like("PROMO", null, v));
    assertEquals(list(true, true, true, true, true, null), like("%", null, v));
    Object[] c = {"special requests here", "requests special", "xspecialyrequestsz", "special"};
    assertEquals(list(true, false, true, false), like("%special%requests%", null, c));
    assertEquals(list(true, false, false, false), like("special%here", null, c));
    assertEquals(list(false, false, false, false), like("special%special", null, c));
  }

  @Test
  void likeGeneralUnderscoreEscapeAndMultiByte() {
    Object[] v = {"abc", "aXc", "ac", "abbc", "a€c", "a_c", "a%c"};
    assertEquals(list(true, true, false, false, true, true, true), like("a_c", null, v));
    assertEquals(list(false, false, false, false, false, true, false), like("a!_c", '!', v));
    assertEquals(list(false, false, false, false, false, false, true), like("a!%c", '!', v));
    assertEquals(list(true, true, true, true, true, true, true), like("a%c", null, v));
    assertEquals(list(true, true, false, true, true, true, true), like("a_%c", null, v));
    assertEquals(list(true, false), like("%é_", null, "xéé", "é"));
    assertEquals(list(true, false, true), like("_ö%", null, "üöx", "öü", "€ö"));
    Expr notLike = new Expr.Like(ref(0, STR), "%b%", null, true);
    assertEquals(list(false, true, null), eval(notLike, col(STR, "abc", "xyz", null)));
  }

  @Test
  void inListWithNullSemantics() {
    Expr in = new Expr.InList(ref(0, I32), List.of(lit(1, I32), lit(3, I32)), false);
    assertEquals(list(true, false, true, null), eval(in, col(I32, 1, 2, 3, null)));
    Expr inNull = new Expr.InList(ref(0, I32), List.of(lit(1, I32), lit(null, I32)), false);
    assertEquals(list(true, null, null), eval(inNull, col(I32, 1, 2, null)));
    Expr notInNull = new Expr.InList(ref(0, I32), List.of(lit(1, I32), lit(null, I32)), true);
    assertEquals(list(false, null, null), eval(notInNull, col(I32, 1, 2, null)));
    Expr notIn = new Expr.InList(ref(0, STR), List.of(lit("MAIL", STR), lit("SHIP", STR)), true);
    assertEquals(list(false, false, true, null), eval(notIn, col(STR, "MAIL", "SHIP", "AIR", null)));
    Expr dec = new Expr.InList(ref(0, dec(10, 2)), List.of(lit(new BigDecimal("1.5"), dec(2, 1)), lit(2, I32)), false);
    assertEquals(list(true, true, false), eval(dec, col(dec(10, 2), "1.50", "2.00", "1.51")));
  }

  @Test
  void largeInListsUseHashSets() {
    List<Expr.Literal> ints = new java.util.ArrayList<>();
    List<Expr.Literal> strs = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ints.add(lit((long) i * 3, I64));
      strs.add(lit("s" + i * 3, STR));
    }
    assertEquals(list(true, false, true), eval(new Expr.InList(ref(0, I64), ints, false), col(I64, 0L, 4L, 147L)));
    assertEquals(list(true, false, true), eval(new Expr.InList(ref(0, STR), strs, false), col(STR, "s0", "s4", "s147")));
  }

  @Test
  void caseEvaluatesBranchesOnlyForTheirRows() {
    // CASE WHEN x = 0 THEN 0 ELSE y / x END
    Expr e = new Expr.Case(List.of(call(Op.EQ, BOOL, ref(0, I32), lit(0, I32))), List.of(lit(0, I32)),
        call(Op.DIVIDE, I32, ref(1, I32), ref(0, I32)), I32);
    assertEquals(list(0, 5, null, -2), eval(e, col(I32, 0, 2, null, 3), col(I32, 7, 10, 1, -6)));
  }

  @Test
  void caseMultipleBranchesAndTypes() {
    Expr e = new Expr.Case(
        List.of(call(Op.LT, BOOL, ref(0, I32), lit(0, I32)), call(Op.EQ, BOOL, ref(0, I32), lit(0, I32))),
        List.of(lit("neg", STR), lit("zero", STR)), ref(1, STR), STR);
    assertEquals(list("neg", "zero", "p", null, null), eval(e, col(I32, -1, 0, 1, 2, null), col(STR, "x", "y", "p", null, null)));
    Expr dec = new Expr.Case(List.of(ref(0, BOOL)), List.of(ref(1, dec(10, 2))), lit(0, I32), dec(12, 2));
    assertEquals(list(new BigDecimal("1.25"), new BigDecimal("0.00"), new BigDecimal("0.00")),
        eval(dec, col(BOOL, true, false, null), col(dec(10, 2), "1.25", "9.99", "3.00")));
    Expr noElse = new Expr.Case(List.of(ref(0, BOOL)), List.of(lit(1.5, F64)), lit(null, DataType.NULL), F64);
    assertEquals(list(1.5, null), eval(noElse, col(BOOL, true, false)));
  }

  @Test
  void coalesceAndNullif() {
    Expr c = call(Op.COALESCE, I64, ref(0, I64), ref(1, I32), lit(-1, I32));
    assertEquals(list(1L, 2L, -1L), eval(c, col(I64, 1L, null, null), col(I32, 9, 2, null)));
    Expr guarded = call(Op.COALESCE, I32, ref(0, I32), call(Op.DIVIDE, I32, lit(1, I32), ref(1, I32)));
    assertEquals(list(5, 1), eval(guarded, col(I32, 5, null), col(I32, 0, 1)));
    Expr nullif = call(Op.NULLIF, STR, ref(0, STR), lit("x", STR));
    assertEquals(list(null, "y", null), eval(nullif, col(STR, "x", "y", null)));
  }

  @Test
  void castsBetweenNumbersAndStrings() {
    assertEquals(list(2L, -2L, null), eval(new Expr.Cast(ref(0, dec(10, 2)), I64), col(dec(10, 2), "1.50", "-1.50", null)));
    assertEquals(list(new BigDecimal("1.3"), new BigDecimal("-0.1")),
        eval(new Expr.Cast(ref(0, dec(10, 2)), dec(5, 1)), col(dec(10, 2), "1.25", "-0.05")));
    assertEquals(list(new BigDecimal("3.00")), eval(new Expr.Cast(ref(0, I32), dec(5, 2)), col(I32, 3)));
    assertEquals(list(1.25), eval(new Expr.Cast(ref(0, dec(10, 2)), F64), col(dec(10, 2), "1.25")));
    assertEquals(list(new BigDecimal("2.68")), eval(new Expr.Cast(ref(0, F64), dec(10, 2)), col(F64, 2.675000001)));
    assertEquals(list(3, -3), eval(new Expr.Cast(ref(0, F64), I32), col(F64, 2.5, -2.5)));
    assertEquals(list(42, -7, null), eval(new Expr.Cast(ref(0, STR), I32), col(STR, "42", " -7 ", null)));
    assertEquals(list(new BigDecimal("12.35"), new BigDecimal("-0.50")),
        eval(new Expr.Cast(ref(0, STR), dec(10, 2)), col(STR, "12.345", "-.5")));
    assertEquals(list("12.35", "-0.05", "0.00"), eval(new Expr.Cast(ref(0, dec(10, 2)), STR), col(dec(10, 2), "12.35", "-0.05", "0")));
    assertEquals(list("-9223372036854775808", "0", "17"),
        eval(new Expr.Cast(ref(0, I64), STR), col(I64, Long.MIN_VALUE, 0L, 17L)));
    assertEquals(list(1.5), eval(new Expr.Cast(ref(0, STR), F64), col(STR, "1.5")));
    assertEquals(list(true, false), eval(new Expr.Cast(ref(0, STR), BOOL), col(STR, "TRUE", "f")));
    assertEquals(list("TRUE", "FALSE"), eval(new Expr.Cast(ref(0, BOOL), STR), col(BOOL, true, false)));
    assertEquals(list(1, 0), eval(new Expr.Cast(ref(0, BOOL), I32), col(BOOL, true, false)));
    assertEquals(list(7L, 8L), eval(new Expr.Cast(ref(0, I32), I64), col(I32, 7, 8)));
    assertEquals(null, evalConst(new Expr.Cast(lit(null, DataType.NULL), dec(10, 2))));
    assertEquals(list(null, null), eval(new Expr.Cast(lit(null, DataType.NULL), DATE), col(I32, 1, 2)));
  }

  @Test
  void castErrorsNameTheValue() {
    BallistaException e = assertThrows(BallistaException.class,
        () -> eval(new Expr.Cast(ref(0, STR), I32), col(STR, "1", "abc")));
    assertEquals(BallistaException.Kind.EXECUTION, e.kind());
    assertEquals("cannot cast 'abc' to INTEGER", e.getMessage());
    assertEquals("cannot cast '1994-13-01' to DATE",
        assertThrows(BallistaException.class, () -> eval(new Expr.Cast(ref(0, STR), DATE), col(STR, "1994-13-01"))).getMessage());
    assertTrue(assertThrows(BallistaException.class,
        () -> eval(new Expr.Cast(ref(0, I64), I32), col(I64, 1L << 40))).getMessage().contains("integer overflow"));
    assertTrue(assertThrows(BallistaException.class,
        () -> eval(new Expr.Cast(ref(0, dec(10, 2)), dec(3, 1)), col(dec(10, 2), "100.00"))).getMessage().contains("decimal overflow"));
    // a bad value in a row that is NULL or not reached is fine
    Expr guarded = new Expr.Case(List.of(call(Op.EQ, BOOL, ref(0, STR), lit("abc", STR))), List.of(lit(0, I32)),
        new Expr.Cast(ref(0, STR), I32), I32);
    assertEquals(list(0, 5), eval(guarded, col(STR, "abc", "5")));
  }

  @Test
  void datesToAndFromStrings() {
    assertEquals(list("1994-01-01", "2000-02-29", null),
        eval(new Expr.Cast(ref(0, STR), DATE), col(STR, "1994-01-01", " 2000-2-29", null)));
    assertEquals(list("1994-01-01", "1969-12-31"), eval(new Expr.Cast(ref(0, DATE), STR), col(DATE, "1994-01-01", "1969-12-31")));
  }

  private static int days(String iso) {
    return (int) LocalDate.parse(iso).toEpochDay();
  }

  @Test
  void dateArithmetic() {
    Expr plusDays = call(Op.DATE_ADD_INTERVAL_DAYS, DATE, ref(0, DATE), lit(90L * 86_400_000L, DataType.INTERVAL_DAYS));
    assertEquals(list("1998-12-01", null), eval(plusDays, col(DATE, "1998-09-02", null)));
    Expr minus = call(Op.DATE_ADD_INTERVAL_DAYS, DATE, ref(0, DATE), lit(-3L * 86_400_000L, DataType.INTERVAL_DAYS));
    assertEquals(list("1998-08-30"), eval(minus, col(DATE, "1998-09-02")));
    Expr months = call(Op.DATE_ADD_INTERVAL_MONTHS, DATE, ref(0, DATE), lit(1, DataType.INTERVAL_MONTHS));
    assertEquals(list("1994-02-28", "1996-02-29", "1995-01-15", "1994-04-30"),
        eval(months, col(DATE, "1994-01-31", "1996-01-31", "1994-12-15", "1994-03-31")));
    Expr back = call(Op.DATE_ADD_INTERVAL_MONTHS, DATE, ref(0, DATE), lit(-12, DataType.INTERVAL_MONTHS));
    assertEquals(list("1995-02-28"), eval(back, col(DATE, "1996-02-29")));
    // constant date + interval is folded
    assertEquals("1995-01-01", evalConst(call(Op.DATE_ADD_INTERVAL_MONTHS, DATE, lit(days("1994-01-01"), DATE),
        lit(12, DataType.INTERVAL_MONTHS))));
    Expr asAdd = call(Op.ADD, DATE, ref(0, DATE), lit(86_400_000L, DataType.INTERVAL_DAYS));
    assertEquals(list("2000-03-01"), eval(asAdd, col(DATE, "2000-02-29")));
    Expr asSub = call(Op.SUBTRACT, DATE, ref(0, DATE), lit(3, DataType.INTERVAL_MONTHS));
    assertEquals(list("1999-11-29", "2000-02-29"), eval(asSub, col(DATE, "2000-02-29", "2000-05-31")));
  }

  @Test
  void extractFieldsMatchJavaTime() {
    String[] dates = {"1992-01-01", "1998-12-31", "2000-02-29", "1970-01-01", "1969-12-31", "1600-03-01", "2024-07-14"};
    Object[] values = dates.clone();
    for (Op op : List.of(Op.EXTRACT_YEAR, Op.EXTRACT_MONTH, Op.EXTRACT_DAY, Op.EXTRACT_QUARTER, Op.EXTRACT_DOW, Op.EXTRACT_DOY)) {
      List<Object> expected = new java.util.ArrayList<>();
      for (String d : dates) {
        LocalDate ld = LocalDate.parse(d);
        long v = switch (op) {
          case EXTRACT_YEAR -> ld.getYear();
          case EXTRACT_MONTH -> ld.getMonthValue();
          case EXTRACT_DAY -> ld.getDayOfMonth();
          case EXTRACT_QUARTER -> (ld.getMonthValue() - 1) / 3 + 1;
          case EXTRACT_DOW -> ld.getDayOfWeek().getValue() % 7 + 1;
          default -> ld.getDayOfYear();
        };
        expected.add(v);
      }
      assertEquals(expected, eval(call(op, I64, ref(0, DATE)), col(DATE, values)), op.name());
    }
  }

  @Test
  void substringSemantics() {
    Object[] s = {"hello", "héllo wörld", "", null};
    assertEquals(list("ell", "éll", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(2, I32), lit(3, I32)), col(STR, s)));
    assertEquals(list("llo", "llo wörld", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(3, I32)), col(STR, s)));
    // start <= 0 counts positions before the string
    assertEquals(list("h", "h", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(0, I32), lit(2, I32)), col(STR, s)));
    assertEquals(list("", "", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(-5, I32), lit(3, I32)), col(STR, s)));
    assertEquals(list("", "", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(20, I32), lit(3, I32)), col(STR, s)));
    assertEquals(list("hello", "héllo wörld", "", null), eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(1, I32), lit(100, I64)), col(STR, s)));
    assertEquals(list("ö"), eval(call(Op.SUBSTRING, STR, ref(0, STR), ref(1, I64), ref(2, I32)),
        col(STR, "héllo wörld"), col(I64, 8L), col(I32, 1)));
    assertThrows(BallistaException.class, () -> eval(call(Op.SUBSTRING, STR, ref(0, STR), lit(1, I32), lit(-1, I32)), col(STR, "x")));
  }

  @Test
  void otherStringFunctions() {
    assertEquals(list("ABC É Ö", null), eval(call(Op.UPPER, STR, ref(0, STR)), col(STR, "abc é ö", null)));
    assertEquals(list("abc é ö"), eval(call(Op.LOWER, STR, ref(0, STR)), col(STR, "ABC É Ö")));
    assertEquals(list("a b", ""), eval(call(Op.TRIM, STR, ref(0, STR)), col(STR, "  a b  ", "   ")));
    assertEquals(list("a b  "), eval(call(Op.LTRIM, STR, ref(0, STR)), col(STR, "  a b  ")));
    assertEquals(list("  a b"), eval(call(Op.RTRIM, STR, ref(0, STR)), col(STR, "  a b  ")));
    assertEquals(list(5L, 11L, 0L, null, 12L),
        eval(call(Op.CHAR_LENGTH, I64, ref(0, STR)), col(STR, "hello", "héllo wörld", "", null, "€€€€😀😀abcdef")));
    assertEquals(list(3L, 0L, 1L, 3L, null),
        eval(call(Op.POSITION, I64, lit("l", STR), ref(0, STR)), col(STR, "hello", "abc", "l", "héllo wörld", null)));
    assertEquals(list(9L), eval(call(Op.POSITION, I64, ref(1, STR), ref(0, STR)), col(STR, "héllo wörld"), col(STR, "rld")));
    assertEquals(list("ab1", null), eval(call(Op.CONCAT, STR, ref(0, STR), ref(1, STR), ref(2, I32)),
        col(STR, "a", "x"), col(STR, "b", null), col(I32, 1, 2)));
  }

  @Test
  void emptyBatches() {
    Object[] none = {};
    assertEquals(list(), eval(call(Op.MULTIPLY, dec(20, 4), ref(0, dec(10, 2)), lit(2, I32)), col(dec(10, 2), none)));
    assertEquals(list(), eval(call(Op.AND, BOOL, call(Op.LT, BOOL, ref(0, dec(10, 2)), lit(2, I32)), lit(true, BOOL)),
        col(dec(10, 2), none)));
    assertEquals(list(), eval(new Expr.Like(ref(0, STR), "a%", null, false), col(STR, none)));
    assertEquals(list(), eval(call(Op.UPPER, STR, ref(0, STR)), col(STR, none)));
    assertEquals(list(), eval(new Expr.Case(List.of(ref(0, BOOL)), List.of(lit(1, I32)), lit(2, I32), I32), col(BOOL, none)));
    assertEquals(list(), eval(ref(0, STR), col(STR, none)));
  }

  @Test
  void columnReferenceIsAnIndependentView() {
    try (org.apache.arrow.vector.VectorSchemaRoot batch = TestBatches.batch(allocator, col(STR, "x", null))) {
      org.apache.arrow.vector.FieldVector v = ExpressionCompiler.compile(ref(0, STR), batch.getSchema()).evaluate(batch, allocator);
      batch.close();
      try (v) {
        assertEquals(list("x", null), TestBatches.values(v));
      }
    }
  }
}
