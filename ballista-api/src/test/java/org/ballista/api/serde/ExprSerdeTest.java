package org.ballista.api.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.proto.NullValue;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;

class ExprSerdeTest {
  static final Expr.Column C0 = new Expr.Column(0, DataType.INT64);
  static final Expr.Column C1 = new Expr.Column(1, DataType.UTF8);

  static Expr roundTrip(Expr e) {
    byte[] bytes = ExprSerde.serialize(e);
    Expr back = ExprSerde.deserialize(bytes);
    assertEquals(e, back);
    assertEquals(e.toString(), back.toString());
    assertEquals(Arrays.toString(bytes), Arrays.toString(ExprSerde.serialize(back)));
    return back;
  }

  static Expr.Literal lit(Object value, DataType type) {
    return new Expr.Literal(value, type);
  }

  @Test
  void everyExprVariantRoundTrips() {
    roundTrip(C0);
    roundTrip(new Expr.Column(12345, DataType.decimal(15, 2)));
    roundTrip(lit(42L, DataType.INT64));
    roundTrip(new Expr.Call(Op.ADD, List.of(C0, lit(1L, DataType.INT64)), DataType.INT64));
    roundTrip(new Expr.Call(Op.COALESCE, List.of(), DataType.NULL));
    roundTrip(new Expr.Cast(C1, DataType.DATE));
    roundTrip(new Expr.Case(List.of(new Expr.Call(Op.IS_NULL, List.of(C0), DataType.BOOL)),
        List.of(lit("none", DataType.UTF8)), lit(null, DataType.UTF8), DataType.UTF8));
    Expr.Case noElse = (Expr.Case) roundTrip(new Expr.Case(List.of(lit(true, DataType.BOOL), lit(false, DataType.BOOL)),
        List.of(C0, lit(2L, DataType.INT64)), null, DataType.INT64));
    assertNull(noElse.otherwise());
    roundTrip(new Expr.InList(C1, List.of(lit("a", DataType.UTF8), lit(null, DataType.UTF8)), false));
    roundTrip(new Expr.InList(C0, List.of(), true));
    roundTrip(new Expr.Like(C1, "%a\\%b_", '\\', false));
    roundTrip(new Expr.Like(C1, "", null, true));
    roundTrip(new Expr.Like(C1, "x", '\uffff', false));
  }

  @Test
  void everyLiteralKindRoundTripsWithItsJavaClass() {
    List<Expr.Literal> literals = List.of(
        lit(true, DataType.BOOL), lit(false, DataType.BOOL),
        lit(Integer.MIN_VALUE, DataType.INT32), lit(0, DataType.INT32),
        lit(Long.MAX_VALUE, DataType.INT64), lit(-1L, DataType.INT64),
        lit(3.25, DataType.FLOAT64), lit(-0.0, DataType.FLOAT64), lit(Double.NaN, DataType.FLOAT64),
        lit(Double.NEGATIVE_INFINITY, DataType.FLOAT64),
        lit(new BigDecimal("1.50"), DataType.decimal(15, 2)), lit(new BigDecimal("-0.01"), DataType.decimal(15, 2)),
        lit(new BigDecimal("0.00"), DataType.decimal(15, 2)),
        lit(new BigDecimal("99999999999999999999999999999999999999"), DataType.decimal(38, 0)),
        lit(new BigDecimal("-0.12345678901234567890123456789012345678"), DataType.decimal(38, 38)),
        lit(new BigDecimal("1E+3"), DataType.decimal(10, 0)),
        lit(9204, DataType.DATE), lit(-719162, DataType.DATE),
        lit("", DataType.UTF8), lit("héllo wörld ✓ 𝄞", DataType.UTF8),
        lit(86_400_000L * 90, DataType.INTERVAL_DAYS), lit(-36, DataType.INTERVAL_MONTHS),
        // a value whose class is not the type's usual one (VALUES lowering can do this) keeps its class
        lit(7, DataType.INT64), lit(5L, DataType.INT32),
        lit(null, DataType.NULL), lit(null, DataType.INT32), lit(null, DataType.decimal(15, 2)));
    for (Expr.Literal l : literals) {
      Expr.Literal back = (Expr.Literal) roundTrip(l);
      assertEquals(l.type(), back.type());
      if (l.value() != null) {
        assertSame(l.value().getClass(), back.value().getClass(), l.toString());
      } else {
        assertNull(back.value());
      }
      if (l.value() instanceof BigDecimal d) {
        assertEquals(d.scale(), ((BigDecimal) back.value()).scale());
        assertEquals(d.unscaledValue(), ((BigDecimal) back.value()).unscaledValue());
      }
      if (l.value() instanceof Double d) {
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back.value()));
      }
    }
  }

  @Test
  void literalValuesUseTheCaseOfTheirType() {
    assertEquals(org.ballista.api.proto.Literal.ValueCase.DATE_DAYS,
        ExprSerde.literalToProto(lit(1, DataType.DATE)).getValueCase());
    assertEquals(org.ballista.api.proto.Literal.ValueCase.INTERVAL_MONTHS,
        ExprSerde.literalToProto(lit(1, DataType.INTERVAL_MONTHS)).getValueCase());
    assertEquals(org.ballista.api.proto.Literal.ValueCase.INTERVAL_DAYS_MILLIS,
        ExprSerde.literalToProto(lit(1L, DataType.INTERVAL_DAYS)).getValueCase());
    assertEquals(org.ballista.api.proto.Literal.ValueCase.NULL_VALUE,
        ExprSerde.literalToProto(lit(null, DataType.UTF8)).getValueCase());
    org.ballista.api.proto.DecimalValue d = ExprSerde.literalToProto(lit(new BigDecimal("-1.50"), DataType.decimal(3, 2)))
        .getDecimalValue();
    assertEquals(2, d.getScale());
    assertEquals(-150, new java.math.BigInteger(d.getUnscaled().toByteArray()).intValue());
  }

  @Test
  void everyOpRoundTripsAndTheEnumsMatchByName() {
    for (Op op : Op.values()) {
      Expr call = new Expr.Call(op, List.of(C0, C0), DataType.BOOL);
      assertEquals(op, ((Expr.Call) roundTrip(call)).op());
      assertEquals(op.name(), ExprSerde.toProto(op).name());
    }
    Set<String> java = Arrays.stream(Op.values()).map(Op::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> proto = Arrays.stream(org.ballista.api.proto.Op.values())
        .filter(o -> o != org.ballista.api.proto.Op.OP_UNSPECIFIED && o != org.ballista.api.proto.Op.UNRECOGNIZED)
        .map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(java, proto);
  }

  @Test
  void deepExpressionsRoundTrip() {
    Expr e = new Expr.Column(0, DataType.BOOL);
    for (int i = 0; i < 300; i++) {
      e = new Expr.Call(Op.NOT, List.of(e), DataType.BOOL);
    }
    roundTrip(e);
  }

  @Test
  void unsupportedLiteralClassCannotBeSerialized() {
    BallistaException e = assertThrows(BallistaException.class,
        () -> ExprSerde.serialize(lit(LocalDate.of(2020, 1, 1), DataType.DATE)));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
    assertTrue(e.getMessage().contains("LocalDate"), e.getMessage());
  }

  static void assertInvalid(org.ballista.api.proto.Expr proto, String fragment) {
    BallistaException e = assertThrows(BallistaException.class, () -> ExprSerde.deserialize(proto.toByteArray()));
    assertEquals(BallistaException.Kind.INTERNAL, e.kind());
    assertTrue(e.getMessage().startsWith("invalid plan: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void invalidExpressionsAreReported() {
    org.ballista.api.proto.DataType int64 = SchemaSerde.toProto(DataType.INT64);
    assertInvalid(org.ballista.api.proto.Expr.getDefaultInstance(), "expression has no kind");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setColumn(org.ballista.api.proto.ColumnRef.newBuilder().setIndex(3)).build(), "column #3 has no type");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setColumn(org.ballista.api.proto.ColumnRef.newBuilder().setIndex(-1).setType(int64)).build(), "4294967295");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setLiteral(org.ballista.api.proto.Literal.newBuilder().setType(int64)).build(), "has no value");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setLiteral(org.ballista.api.proto.Literal.newBuilder().setNullValue(NullValue.NULL_VALUE)).build(), "literal has no type");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setCall(org.ballista.api.proto.Call.newBuilder().setType(int64)).build(), "OP_UNSPECIFIED");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setCall(org.ballista.api.proto.Call.newBuilder().setOpValue(1000).setType(int64)).build(), "not known");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setCast(org.ballista.api.proto.Cast.newBuilder().setType(int64)).build(), "CAST has no input");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setCaseWhen(org.ballista.api.proto.CaseWhen.newBuilder().addConditions(ExprSerde.toProto(C0)).setType(int64))
        .build(), "1 conditions but 0 results");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setLike(org.ballista.api.proto.Like.newBuilder().setInput(ExprSerde.toProto(C1)).setEscape(0x10000)).build(),
        "not a character");
    assertInvalid(org.ballista.api.proto.Expr.newBuilder()
        .setInList(org.ballista.api.proto.InList.newBuilder()).build(), "IN list has no input");
  }

  @Test
  void malformedBytesAreAnInvalidPlan() {
    byte[] good = ExprSerde.serialize(new Expr.Call(Op.ADD, List.of(C0, lit(1L, DataType.INT64)), DataType.INT64));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    for (byte[] bytes : new byte[][] {truncated, {(byte) 0xff, 0x01}, {0x0a}, null}) {
      BallistaException e = assertThrows(BallistaException.class, () -> ExprSerde.deserialize(bytes));
      assertEquals(BallistaException.Kind.INTERNAL, e.kind());
      assertTrue(e.getMessage().startsWith("invalid plan: "), e.getMessage());
    }
  }
}
