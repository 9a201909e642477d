package org.ballista.api.serde;

import static org.ballista.api.serde.SerdeErrors.check;
import static org.ballista.api.serde.SerdeErrors.invalid;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.proto.CaseWhen;
import org.ballista.api.proto.ColumnRef;
import org.ballista.api.proto.DecimalValue;
import org.ballista.api.proto.InList;
import org.ballista.api.proto.Like;
import org.ballista.api.proto.NullValue;
import org.ballista.api.types.DataType;

/**
 * Converts {@link Expr} trees to and from {@code ballista.plan.Expr} messages. Stateless.
 *
 * <p>Literals round-trip exactly: the value's Java class (Boolean, Integer, Long, Double,
 * BigDecimal with its scale, String, or null) is kept along with the literal's type, even where a
 * planner pairs a value with a different type. Other value classes cannot be serialized
 * (UNSUPPORTED).
 *
 * <p>Decoding errors are {@code BallistaException}s of kind INTERNAL whose message starts with
 * {@code "invalid plan: "}; decoding never throws a NullPointerException.
 */
public final class ExprSerde {
  private ExprSerde() {}

  public static org.ballista.api.proto.Expr toProto(Expr expr) {
    if (expr == null) {
      throw SerdeErrors.cannotSerialize("a null expression");
    }
    org.ballista.api.proto.Expr.Builder b = org.ballista.api.proto.Expr.newBuilder();
    if (expr instanceof Expr.Column c) {
      if (c.index() < 0) {
        throw SerdeErrors.cannotSerialize("column reference #" + c.index());
      }
      b.setColumn(ColumnRef.newBuilder().setIndex(c.index()).setType(SchemaSerde.toProto(c.type())));
    } else if (expr instanceof Expr.Literal l) {
      b.setLiteral(literalToProto(l));
    } else if (expr instanceof Expr.Call c) {
      org.ballista.api.proto.Call.Builder call = org.ballista.api.proto.Call.newBuilder()
          .setOp(toProto(c.op()))
          .setType(SchemaSerde.toProto(c.type()));
      for (Expr arg : c.args()) {
        call.addArgs(toProto(arg));
      }
      b.setCall(call);
    } else if (expr instanceof Expr.Cast c) {
      b.setCast(org.ballista.api.proto.Cast.newBuilder().setInput(toProto(c.input())).setType(SchemaSerde.toProto(c.type())));
    } else if (expr instanceof Expr.Case c) {
      CaseWhen.Builder cw = CaseWhen.newBuilder().setType(SchemaSerde.toProto(c.type()));
      for (Expr e : c.conditions()) {
        cw.addConditions(toProto(e));
      }
      for (Expr e : c.results()) {
        cw.addResults(toProto(e));
      }
      if (c.otherwise() != null) {
        cw.setOtherwise(toProto(c.otherwise()));
      }
      b.setCaseWhen(cw);
    } else if (expr instanceof Expr.InList in) {
      InList.Builder il = InList.newBuilder().setInput(toProto(in.input())).setNegated(in.negated());
      for (Expr.Literal v : in.values()) {
        il.addValues(literalToProto(v));
      }
      b.setInList(il);
    } else if (expr instanceof Expr.Like like) {
      if (like.pattern() == null) {
        throw SerdeErrors.cannotSerialize("LIKE with a null pattern");
      }
      Like.Builder lb = Like.newBuilder().setInput(toProto(like.input())).setPattern(like.pattern())
          .setNegated(like.negated());
      if (like.escape() != null) {
        lb.setEscape(like.escape());
      }
      b.setLike(lb);
    } else {
      throw SerdeErrors.cannotSerialize("expression " + expr.getClass().getName());
    }
    return b.build();
  }

  public static Expr fromProto(org.ballista.api.proto.Expr proto) {
    try {
      return decode(proto);
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  /** The protobuf bytes of {@code expr}. */
  public static byte[] serialize(Expr expr) {
    return toProto(expr).toByteArray();
  }

  /** The expression of {@link #serialize} bytes; malformed bytes are INTERNAL "invalid plan: ...". */
  public static Expr deserialize(byte[] bytes) {
    return fromProto(SerdeErrors.parse(org.ballista.api.proto.Expr.parser(), bytes, "expression"));
  }

  public static org.ballista.api.proto.Literal literalToProto(Expr.Literal literal) {
    if (literal.type() == null) {
      throw SerdeErrors.cannotSerialize("a literal without a type");
    }
    org.ballista.api.proto.Literal.Builder b = org.ballista.api.proto.Literal.newBuilder()
        .setType(SchemaSerde.toProto(literal.type()));
    Object v = literal.value();
    DataType type = literal.type();
    if (v == null) {
      b.setNullValue(NullValue.NULL_VALUE);
    } else if (v instanceof Boolean x) {
      b.setBoolValue(x);
    } else if (v instanceof Integer x) {
      if (type instanceof DataType.Date) {
        b.setDateDays(x);
      } else if (type instanceof DataType.IntervalMonths) {
        b.setIntervalMonths(x);
      } else {
        b.setInt32Value(x);
      }
    } else if (v instanceof Long x) {
      if (type instanceof DataType.IntervalDays) {
        b.setIntervalDaysMillis(x);
      } else {
        b.setInt64Value(x);
      }
    } else if (v instanceof Double x) {
      b.setFloat64Value(x);
    } else if (v instanceof BigDecimal x) {
      b.setDecimalValue(DecimalValue.newBuilder()
          .setUnscaled(ByteString.copyFrom(x.unscaledValue().toByteArray()))
          .setScale(x.scale()));
    } else if (v instanceof String x) {
      b.setUtf8Value(x);
    } else {
      throw SerdeErrors.cannotSerialize("literal " + v + " of class " + v.getClass().getName() + " (type " + type + ")");
    }
    return b.build();
  }

  public static Expr.Literal literalFromProto(org.ballista.api.proto.Literal proto) {
    try {
      return literal(proto);
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  public static org.ballista.api.proto.Op toProto(Op op) {
    if (op == null) {
      throw SerdeErrors.cannotSerialize("a call without a function");
    }
    return org.ballista.api.proto.Op.valueOf(op.name());
  }

  public static Op fromProto(org.ballista.api.proto.Op op) {
    if (op == org.ballista.api.proto.Op.OP_UNSPECIFIED || op == org.ballista.api.proto.Op.UNRECOGNIZED) {
      throw invalid("function (Op) " + op + " is not known");
    }
    try {
      return Op.valueOf(op.name());
    } catch (IllegalArgumentException e) {
      throw invalid("function (Op) " + op + " has no Java counterpart");
    }
  }

  static List<Expr> decodeAll(List<org.ballista.api.proto.Expr> protos) {
    List<Expr> out = new ArrayList<>(protos.size());
    for (org.ballista.api.proto.Expr p : protos) {
      out.add(decode(p));
    }
    return out;
  }

  static Expr decode(org.ballista.api.proto.Expr proto) {
    switch (proto.getExprCase()) {
      case COLUMN -> {
        ColumnRef c = proto.getColumn();
        check(c.getIndex() >= 0, "column index " + Integer.toUnsignedString(c.getIndex()) + " is out of range");
        return new Expr.Column(c.getIndex(), type(c.hasType(), c.getType(), "column #" + c.getIndex()));
      }
      case LITERAL -> {
        return literal(proto.getLiteral());
      }
      case CALL -> {
        org.ballista.api.proto.Call c = proto.getCall();
        Op op = fromProto(c.getOp());
        return new Expr.Call(op, decodeAll(c.getArgsList()), type(c.hasType(), c.getType(), "call " + op));
      }
      case CAST -> {
        org.ballista.api.proto.Cast c = proto.getCast();
        check(c.hasInput(), "CAST has no input");
        return new Expr.Cast(decode(c.getInput()), type(c.hasType(), c.getType(), "CAST"));
      }
      case CASE_WHEN -> {
        CaseWhen c = proto.getCaseWhen();
        check(c.getConditionsCount() == c.getResultsCount(),
            "CASE has " + c.getConditionsCount() + " conditions but " + c.getResultsCount() + " results");
        Expr otherwise = c.hasOtherwise() ? decode(c.getOtherwise()) : null;
        return new Expr.Case(decodeAll(c.getConditionsList()), decodeAll(c.getResultsList()), otherwise,
            type(c.hasType(), c.getType(), "CASE"));
      }
      case IN_LIST -> {
        InList in = proto.getInList();
        check(in.hasInput(), "IN list has no input");
        List<Expr.Literal> values = new ArrayList<>(in.getValuesCount());
        for (org.ballista.api.proto.Literal v : in.getValuesList()) {
          values.add(literal(v));
        }
        return new Expr.InList(decode(in.getInput()), values, in.getNegated());
      }
      case LIKE -> {
        Like like = proto.getLike();
        check(like.hasInput(), "LIKE has no input");
        Character escape = null;
        if (like.hasEscape()) {
          check(like.getEscape() >= 0 && like.getEscape() <= Character.MAX_VALUE,
              "LIKE escape " + Integer.toUnsignedString(like.getEscape()) + " is not a character");
          escape = (char) like.getEscape();
        }
        return new Expr.Like(decode(like.getInput()), like.getPattern(), escape, like.getNegated());
      }
      case EXPR_NOT_SET -> throw invalid("expression has no kind (empty, or of a newer version)");
      default -> throw invalid("expression kind " + proto.getExprCase() + " is not known");
    }
  }

  static Expr.Literal literal(org.ballista.api.proto.Literal proto) {
    DataType type = type(proto.hasType(), proto.getType(), "literal");
    Object value = switch (proto.getValueCase()) {
      case BOOL_VALUE -> proto.getBoolValue();
      case INT32_VALUE -> proto.getInt32Value();
      case INT64_VALUE -> proto.getInt64Value();
      case FLOAT64_VALUE -> proto.getFloat64Value();
      case DECIMAL_VALUE -> decimal(proto.getDecimalValue());
      case DATE_DAYS -> proto.getDateDays();
      case UTF8_VALUE -> proto.getUtf8Value();
      case INTERVAL_DAYS_MILLIS -> proto.getIntervalDaysMillis();
      case INTERVAL_MONTHS -> proto.getIntervalMonths();
      case NULL_VALUE -> null;
      case VALUE_NOT_SET -> throw invalid("literal of type " + type + " has no value");
    };
    return new Expr.Literal(value, type);
  }

  private static BigDecimal decimal(DecimalValue d) {
    check(!d.getUnscaled().isEmpty(), "decimal literal has no unscaled value");
    return new BigDecimal(new BigInteger(d.getUnscaled().toByteArray()), d.getScale());
  }

  static DataType type(boolean present, org.ballista.api.proto.DataType type, String of) {
    check(present, of + " has no type");
    return SchemaSerde.fromProto(type);
  }
}
