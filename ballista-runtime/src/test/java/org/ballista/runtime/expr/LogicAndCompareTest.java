package org.ballista.runtime.expr;

import static org.ballista.runtime.expr.TestBatches.col;
import static org.ballista.runtime.expr.TestBatches.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.junit.jupiter.api.Test;

class LogicAndCompareTest extends ExprTestBase {
  // all 9 combinations of (a, b) in {T, F, NULL}
  private static final Object[] A = {true, true, true, false, false, false, null, null, null};
  private static final Object[] B = {true, false, null, true, false, null, true, false, null};

  @Test
  void andTruthTable() {
    assertEquals(list(true, false, null, false, false, false, null, false, null),
        eval(call(Op.AND, BOOL, ref(0, BOOL), ref(1, BOOL)), col(BOOL, A), col(BOOL, B)));
  }

  @Test
  void orTruthTable() {
    assertEquals(list(true, true, true, true, false, null, true, null, null),
        eval(call(Op.OR, BOOL, ref(0, BOOL), ref(1, BOOL)), col(BOOL, A), col(BOOL, B)));
  }

  @Test
  void naryAndOrWithNullLiteral() {
    Expr and3 = call(Op.AND, BOOL, ref(0, BOOL), ref(1, BOOL), lit(true, BOOL));
    assertEquals(list(true, false, null, false, false, false, null, false, null), eval(and3, col(BOOL, A), col(BOOL, B)));
    Expr orNull = call(Op.OR, BOOL, ref(0, BOOL), lit(null, DataTypeNull.NULL));
    assertEquals(list(true, true, true, null, null, null, null, null, null), eval(orNull, col(BOOL, A)));
  }

  @Test
  void notAndTests() {
    assertEquals(list(false, true, null), eval(call(Op.NOT, BOOL, ref(0, BOOL)), col(BOOL, true, false, null)));
    Object[] v = {true, false, null};
    assertEquals(list(true, false, false), eval(call(Op.IS_TRUE, BOOL, ref(0, BOOL)), col(BOOL, v)));
    assertEquals(list(false, true, true), eval(call(Op.IS_NOT_TRUE, BOOL, ref(0, BOOL)), col(BOOL, v)));
    assertEquals(list(false, true, false), eval(call(Op.IS_FALSE, BOOL, ref(0, BOOL)), col(BOOL, v)));
    assertEquals(list(true, false, true), eval(call(Op.IS_NOT_FALSE, BOOL, ref(0, BOOL)), col(BOOL, v)));
    assertEquals(list(false, false, true), eval(call(Op.IS_NULL, BOOL, ref(0, STR)), col(STR, "a", "", null)));
    assertEquals(list(true, true, false), eval(call(Op.IS_NOT_NULL, BOOL, ref(0, STR)), col(STR, "a", "", null)));
  }

  @Test
  void andGuardsDivisionOnLaterOperand() {
    // x <> 0 AND 10 / x > 1
    Expr guard = call(Op.AND, BOOL, call(Op.NE, BOOL, ref(0, I32), lit(0, I32)),
        call(Op.GT, BOOL, call(Op.DIVIDE, I32, lit(10, I32), ref(0, I32)), lit(1, I32)));
    assertEquals(list(false, true, false, null), eval(guard, col(I32, 0, 5, 20, null)));
  }

  @Test
  void comparisonsAcrossNumericTypes() {
    Expr intVsDec = call(Op.LT, BOOL, ref(0, I32), ref(1, dec(10, 2)));
    assertEquals(list(true, false, false, null), eval(intVsDec, col(I32, 1, 2, 3, null), col(dec(10, 2), "1.50", "2.00", "2.99", "1")));
    Expr decScales = call(Op.EQ, BOOL, ref(0, dec(10, 2)), ref(1, dec(12, 4)));
    assertEquals(list(true, false), eval(decScales, col(dec(10, 2), "1.50", "1.50"), col(dec(12, 4), "1.5000", "1.5001")));
    Expr longVsDouble = call(Op.GE, BOOL, ref(0, I64), ref(1, F64));
    assertEquals(list(true, false), eval(longVsDouble, col(I64, 2L, 2L), col(F64, 1.5, 2.5)));
    Expr decLit = call(Op.LE, BOOL, ref(0, dec(15, 2)), lit(new BigDecimal("0.065"), dec(4, 3)));
    assertEquals(list(true, false, true), eval(decLit, col(dec(15, 2), "0.06", "0.07", "-1.00")));
    Expr intLit64 = call(Op.NE, BOOL, ref(0, I32), lit(5L, I64));
    assertEquals(list(false, true), eval(intLit64, col(I32, 5, 6)));
  }

  @Test
  void literalOnTheLeftIsMirrored() {
    Expr e = call(Op.LT, BOOL, lit(5, I32), ref(0, I64));
    assertEquals(list(false, false, true), eval(e, col(I64, 4L, 5L, 6L)));
    Expr ge = call(Op.GE, BOOL, lit(new BigDecimal("1.00"), dec(3, 2)), ref(0, dec(10, 2)));
    assertEquals(list(true, true, false), eval(ge, col(dec(10, 2), "0.99", "1.00", "1.01")));
  }

  @Test
  void datesStringsAndBooleans() {
    Expr d = call(Op.LT, BOOL, ref(0, DATE), ref(1, DATE));
    assertEquals(list(true, false), eval(d, col(DATE, "1994-01-01", "1995-01-01"), col(DATE, "1994-01-02", "1994-12-31")));
    Expr dl = call(Op.GE, BOOL, ref(0, DATE), lit((int) java.time.LocalDate.parse("1994-01-01").toEpochDay(), DATE));
    assertEquals(list(false, true, true), eval(dl, col(DATE, "1993-12-31", "1994-01-01", "2000-01-01")));
    Expr dStr = call(Op.EQ, BOOL, ref(0, DATE), lit("1994-01-01", STR));
    assertEquals(list(true, false), eval(dStr, col(DATE, "1994-01-01", "1994-01-02")));
    Expr s = call(Op.LT, BOOL, ref(0, STR), ref(1, STR));
    // byte order of UTF-8 = code point order: 'z' < 'é' (U+00E9) < '€' (U+20AC) < '😀' (U+1F600)
    assertEquals(list(true, true, true, false, true, false, true),
        eval(s, col(STR, "z", "é", "€", "abc", "abcdefgh1", "abcdefghij", ""),
            col(STR, "é", "€", "😀", "abc", "abcdefgh2", "abcdefghi", "a")));
    Expr sEq = call(Op.EQ, BOOL, ref(0, STR), lit("ASIA", STR));
    assertEquals(list(true, false, false, null), eval(sEq, col(STR, "ASIA", "ASIAX", "EUROPE", null)));
    Expr sGt = call(Op.GT, BOOL, ref(0, STR), lit("MEDIUM POLISHED", STR));
    assertEquals(list(false, true, false), eval(sGt, col(STR, "MEDIUM POLISHED", "MEDIUM POLISHED2", "LARGE")));
    Expr b = call(Op.LT, BOOL, ref(0, BOOL), ref(1, BOOL));
    assertEquals(list(true, false, false), eval(b, col(BOOL, false, true, true), col(BOOL, true, true, false)));
  }

  @Test
  void nullSafeComparisons() {
    Expr nd = call(Op.IS_NOT_DISTINCT_FROM, BOOL, ref(0, I32), ref(1, I32));
    assertEquals(list(true, false, false, false, true),
        eval(nd, col(I32, 1, 1, null, 1, null), col(I32, 1, 2, 1, null, null)));
    Expr d = call(Op.IS_DISTINCT_FROM, BOOL, ref(0, STR), ref(1, STR));
    assertEquals(list(false, true, true, true, false),
        eval(d, col(STR, "a", "a", null, "a", null), col(STR, "a", "b", "a", null, null)));
    Expr withNull = call(Op.IS_NOT_DISTINCT_FROM, BOOL, ref(0, I32), lit(null, DataTypeNull.NULL));
    assertEquals(list(false, true), eval(withNull, col(I32, 1, null)));
    Expr plainNull = call(Op.EQ, BOOL, ref(0, I32), lit(null, I32));
    assertEquals(list(null, null), eval(plainNull, col(I32, 1, null)));
  }

  @Test
  void comparisonOverManyRowsWithNulls() {
    int n = 130;
    Object[] a = new Object[n];
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      a[i] = i % 5 == 0 ? null : (long) i;
      expected.add(a[i] == null ? null : i >= 64);
    }
    assertEquals(expected, eval(call(Op.GE, BOOL, ref(0, I64), lit(64, I32)), col(I64, a)));
  }

  @Test
  void incompatibleComparisonIsRejected() {
    assertThrows(BallistaException.class, () -> eval(call(Op.EQ, BOOL, ref(0, DATE), ref(1, BOOL)),
        col(DATE, 1), col(BOOL, true)));
  }

  /** The NULL type constant (keeps the test lines short). */
  static final class DataTypeNull {
    static final org.ballista.api.types.DataType NULL = org.ballista.api.types.DataType.NULL;
  }
}
