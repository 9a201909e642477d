package org.ballista.runtime.expr;

import static org.ballista.runtime.expr.TestBatches.col;
import static org.ballista.runtime.expr.TestBatches.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.junit.jupiter.api.Test;

class ArithmeticTest extends ExprTestBase {

  private static BigDecimal bd(String s) {
    return new BigDecimal(s);
  }

  @Test
  void decimalMultiplyAddsScales() {
    Expr e = call(Op.MULTIPLY, dec(31, 4), ref(0, dec(15, 2)), ref(1, dec(16, 2)));
    assertEquals(list(bd("15.3016"), bd("-0.0100"), null, bd("0.0000")),
        eval(e, col(dec(15, 2), "12.34", "0.10", null, "5.00"), col(dec(16, 2), "1.24", "-0.10", "1.00", "0.00")));
  }

  @Test
  void tpchChargeExpressionMatchesBigDecimal() {
    // l_extendedprice * (1 - l_discount) * (1 + l_tax) with Calcite-like types
    Expr price = ref(0, dec(15, 2));
    Expr disc = ref(1, dec(15, 2));
    Expr tax = ref(2, dec(15, 2));
    Expr oneMinus = call(Op.SUBTRACT, dec(16, 2), lit(1, I32), disc);
    Expr onePlus = call(Op.ADD, dec(16, 2), lit(1, I32), tax);
    Expr charge = call(Op.MULTIPLY, dec(33, 6), call(Op.MULTIPLY, dec(32, 4), price, oneMinus), onePlus);
    Random r = new Random(42);
    int n = 1000;
    Object[] p = new Object[n];
    Object[] d = new Object[n];
    Object[] t = new Object[n];
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigDecimal pi = BigDecimal.valueOf(90000 + r.nextInt(10_000_000), 2);
      BigDecimal di = BigDecimal.valueOf(r.nextInt(11), 2);
      BigDecimal ti = BigDecimal.valueOf(r.nextInt(9), 2);
      p[i] = pi;
      d[i] = di;
      t[i] = ti;
      if (i % 17 == 3) {
        d[i] = null;
        expected.add(null);
      } else {
        expected.add(pi.multiply(BigDecimal.ONE.subtract(di)).multiply(BigDecimal.ONE.add(ti)).setScale(6));
      }
    }
    assertEquals(expected, eval(charge, col(dec(15, 2), p), col(dec(15, 2), d), col(dec(15, 2), t)));
  }

  @Test
  void multiplyRescalesDownHalfUp() {
    Expr e = call(Op.MULTIPLY, dec(18, 2), ref(0, dec(10, 2)), ref(1, dec(10, 2)));
    assertEquals(list(bd("0.02"), bd("-0.02"), bd("0.01")),
        eval(e, col(dec(10, 2), "0.15", "-0.15", "0.10"), col(dec(10, 2), "0.10", "0.10", "0.14")));
  }

  @Test
  void addRescalesOperandsAndMixesIntegers() {
    Expr e = call(Op.ADD, dec(18, 3), ref(0, dec(10, 1)), ref(1, I32));
    assertEquals(list(bd("3.500"), bd("-1.500")), eval(e, col(dec(10, 1), "1.5", "-3.5"), col(I32, 2, 2)));
    Expr sub = call(Op.SUBTRACT, dec(18, 2), lit(new BigDecimal("0.05"), dec(3, 2)), ref(0, dec(10, 2)));
    assertEquals(list(bd("0.04"), bd("-1.95")), eval(sub, col(dec(10, 2), "0.01", "2.00")));
  }

  @Test
  void divideRoundsHalfUpToResultScale() {
    Expr e = call(Op.DIVIDE, dec(18, 2), ref(0, dec(10, 2)), ref(1, dec(10, 2)));
    assertEquals(list(bd("0.67"), bd("-0.67"), bd("0.33"), bd("2.50"), null),
        eval(e, col(dec(10, 2), "2.00", "-2.00", "1.00", "5.00", null), col(dec(10, 2), "3.00", "3.00", "3.00", "2.00", "1.00")));
    Expr six = call(Op.DIVIDE, dec(38, 6), ref(0, dec(18, 4)), lit(7, I32));
    assertEquals(list(bd("0.142857")), eval(six, col(dec(18, 4), "1.0000")));
  }

  @Test
  void largeDecimalDivisionUsesWideIntermediate() {
    // 10^13 * 10^6 overflows a long in the numerator; the result still fits
    Expr e = call(Op.DIVIDE, dec(38, 6), ref(0, dec(18, 2)), ref(1, dec(18, 2)));
    assertEquals(list(bd("3.333333")), eval(e, col(dec(18, 2), "100000000000.00"), col(dec(18, 2), "30000000000.00")));
  }

  @Test
  void integerArithmetic() {
    Expr add = call(Op.ADD, I32, ref(0, I32), lit(1, I32));
    assertEquals(list(2, null, -1), eval(add, col(I32, 1, null, -2)));
    Expr div = call(Op.DIVIDE, I64, ref(0, I64), ref(1, I64));
    assertEquals(list(3L, -3L), eval(div, col(I64, 7L, -7L), col(I64, 2L, 2L)));
    Expr mod = call(Op.MODULO, I64, ref(0, I64), lit(3, I32));
    assertEquals(list(1L, -1L, 0L), eval(mod, col(I64, 7L, -7L, 9L)));
    Expr neg = call(Op.NEGATE, I32, ref(0, I32));
    assertEquals(list(-5, 5, null), eval(neg, col(I32, 5, -5, null)));
  }

  @Test
  void doubleArithmeticAndMixing() {
    Expr e = call(Op.MULTIPLY, F64, ref(0, F64), ref(1, dec(10, 2)));
    assertEquals(list(3.0, null), eval(e, col(F64, 2.0, 1.0), col(dec(10, 2), "1.50", null)));
    Expr sub = call(Op.SUBTRACT, F64, lit(10, I32), ref(0, F64));
    assertEquals(list(7.5), eval(sub, col(F64, 2.5)));
  }

  @Test
  void integerOverflowIsAnError() {
    Expr e = call(Op.ADD, I64, ref(0, I64), lit(1, I64));
    BallistaException ex = assertThrows(BallistaException.class, () -> eval(e, col(I64, 1L, Long.MAX_VALUE)));
    assertEquals(BallistaException.Kind.EXECUTION, ex.kind());
    assertTrue(ex.getMessage().contains("integer overflow"), ex.getMessage());
    Expr i32 = call(Op.MULTIPLY, I32, ref(0, I32), lit(2, I32));
    assertTrue(assertThrows(BallistaException.class, () -> eval(i32, col(I32, Integer.MAX_VALUE)))
        .getMessage().contains("integer overflow"));
  }

  @Test
  void decimalOverflowIsAnError() {
    Expr e = call(Op.MULTIPLY, dec(38, 4), ref(0, dec(18, 2)), ref(1, dec(18, 2)));
    BallistaException ex = assertThrows(BallistaException.class,
        () -> eval(e, col(dec(18, 2), "9999999999999999.99"), col(dec(18, 2), "9999999999999999.99")));
    assertEquals(BallistaException.Kind.EXECUTION, ex.kind());
    assertTrue(ex.getMessage().contains("decimal overflow"), ex.getMessage());
  }

  @Test
  void overflowInNullRowIsIgnored() {
    Expr e = call(Op.ADD, I64, ref(0, I64), ref(1, I64));
    // row 1 would overflow but its other operand is NULL
    assertEquals(list(3L, null), eval(e, col(I64, 1L, Long.MAX_VALUE), col(I64, 2L, null)));
  }

  @Test
  void divisionByZero() {
    Expr e = call(Op.DIVIDE, dec(18, 2), ref(0, dec(10, 2)), ref(1, dec(10, 2)));
    BallistaException ex = assertThrows(BallistaException.class,
        () -> eval(e, col(dec(10, 2), "1.00", "2.00"), col(dec(10, 2), "1.00", "0.00")));
    assertEquals(BallistaException.Kind.EXECUTION, ex.kind());
    assertEquals("division by zero", ex.getMessage());
    // zero divisor on a NULL row is fine
    assertEquals(list(bd("1.00"), null), eval(e, col(dec(10, 2), "1.00", null), col(dec(10, 2), "1.00", "0.00")));
    Expr dbl = call(Op.DIVIDE, F64, ref(0, F64), lit(0.0, F64));
    assertThrows(BallistaException.class, () -> eval(dbl, col(F64, 1.0)));
    Expr mod = call(Op.MODULO, I32, ref(0, I32), ref(1, I32));
    assertThrows(BallistaException.class, () -> eval(mod, col(I32, 1), col(I32, 0)));
  }

  @Test
  void roundFloorCeilAbs() {
    Expr round = call(Op.ROUND, dec(10, 1), ref(0, dec(10, 2)), lit(1, I32));
    assertEquals(list(bd("1.3"), bd("-1.3"), bd("1.2")), eval(round, col(dec(10, 2), "1.25", "-1.25", "1.24")));
    Expr round0 = call(Op.ROUND, dec(10, 2), ref(0, dec(10, 2)));
    assertEquals(list(bd("2.00"), bd("-2.00")), eval(round0, col(dec(10, 2), "1.50", "-1.50")));
    Expr floor = call(Op.FLOOR, dec(10, 0), ref(0, dec(10, 2)));
    assertEquals(list(bd("1"), bd("-2")), eval(floor, col(dec(10, 2), "1.99", "-1.01")));
    Expr ceil = call(Op.CEIL, dec(10, 0), ref(0, dec(10, 2)));
    assertEquals(list(bd("2"), bd("-1")), eval(ceil, col(dec(10, 2), "1.01", "-1.99")));
    Expr abs = call(Op.ABS, dec(10, 2), ref(0, dec(10, 2)));
    assertEquals(list(bd("1.01"), bd("1.99")), eval(abs, col(dec(10, 2), "1.01", "-1.99")));
    Expr dround = call(Op.ROUND, F64, ref(0, F64), lit(2, I32));
    assertEquals(list(1.24, -2.35), eval(dround, col(F64, 1.2449, -2.345)));
    Expr sqrt = call(Op.SQRT, F64, ref(0, I32));
    assertEquals(list(3.0), eval(sqrt, col(I32, 9)));
    Expr pow = call(Op.POWER, F64, ref(0, F64), lit(2, I32));
    assertEquals(list(6.25), eval(pow, col(F64, 2.5)));
    assertEquals(1.0, (Double) evalConst(call(Op.EXP, F64, lit(0.0, F64))));
    assertEquals(0.0, (Double) evalConst(call(Op.LN, F64, lit(1.0, F64))));
  }

  @Test
  void decimalResultWiderThan18Digits() {
    Expr e = call(Op.ADD, dec(38, 2), ref(0, dec(38, 2)), ref(1, dec(38, 2)));
    assertEquals(list(bd("-3.50"), bd("123456789012345.67")),
        eval(e, col(dec(38, 2), "-1.25", "123456789012345.00"), col(dec(38, 2), "-2.25", "0.67")));
    Expr big = call(Op.ADD, dec(38, 0), ref(0, dec(38, 0)), lit(1, I32));
    BallistaException ex = assertThrows(BallistaException.class,
        () -> eval(big, col(dec(38, 0), "100000000000000000000")));
    assertTrue(ex.getMessage().contains("decimal overflow"), ex.getMessage());
  }

  @Test
  void literalOnlyArithmeticIsFolded() {
    assertEquals(bd("3.75"), evalConst(call(Op.MULTIPLY, dec(10, 2), lit(new BigDecimal("1.5"), dec(3, 1)),
        lit(new BigDecimal("2.5"), dec(3, 1)))));
    // a constant division by zero still fails at run time
    assertThrows(BallistaException.class, () -> evalConst(call(Op.DIVIDE, I32, lit(1, I32), lit(0, I32))));
  }

  @Test
  void largeBatchAcrossWordBoundaries() {
    int n = 200;
    Object[] a = new Object[n];
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      a[i] = i % 7 == 0 ? null : BigDecimal.valueOf(i, 2);
      expected.add(a[i] == null ? null : ((BigDecimal) a[i]).multiply(BigDecimal.valueOf(3)).setScale(2, RoundingMode.HALF_UP));
    }
    Expr e = call(Op.MULTIPLY, dec(18, 2), ref(0, dec(10, 2)), lit(3, I32));
    assertEquals(expected, eval(e, col(dec(10, 2), a)));
  }

  @Test
  void nonCanonicalInputVectorsAreNormalized() {
    try (org.apache.arrow.vector.SmallIntVector small = new org.apache.arrow.vector.SmallIntVector("s", allocator);
        org.apache.arrow.vector.Float4Vector f4 = new org.apache.arrow.vector.Float4Vector("f", allocator)) {
      small.allocateNew(3);
      small.set(0, 7);
      small.setNull(1);
      small.set(2, -3);
      small.setValueCount(3);
      f4.allocateNew(3);
      f4.set(0, 1.5f);
      f4.set(1, 2.5f);
      f4.set(2, 0.25f);
      f4.setValueCount(3);
      try (org.apache.arrow.vector.VectorSchemaRoot batch = org.apache.arrow.vector.VectorSchemaRoot.of(small, f4)) {
        Expr e = call(Op.ADD, F64, ref(0, I32), ref(1, F64));
        try (org.apache.arrow.vector.FieldVector out = ExpressionCompiler.compile(e, batch.getSchema()).evaluate(batch, allocator)) {
          assertEquals(list(8.5, null, -2.75), TestBatches.values(out));
        }
      }
    }
  }
}
