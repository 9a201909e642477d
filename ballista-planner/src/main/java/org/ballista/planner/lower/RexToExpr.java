package org.ballista.planner.lower;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.ballista.planner.calcite.TypeMapping;

/** Translates Calcite row expressions into the engine's {@link Expr} trees. */
public final class RexToExpr {
  private final RexBuilder rexBuilder;

  public RexToExpr(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
  }

  public Expr convert(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return new Expr.Column(ref.getIndex(), TypeMapping.toDataType(ref.getType()));
    }
    if (node instanceof RexLiteral literal) {
      return literal(literal);
    }
    if (node instanceof RexCall call) {
      return call(call);
    }
    throw BallistaException.unsupported("unsupported expression " + node + " (" + node.getKind() + ")");
  }

  public List<Expr> convert(List<? extends RexNode> nodes) {
    List<Expr> out = new ArrayList<>(nodes.size());
    for (RexNode n : nodes) {
      out.add(convert(n));
    }
    return out;
  }

  public static Expr.Literal literal(RexLiteral literal) {
    DataType type = TypeMapping.toDataType(literal.getType());
    if (literal.isNull()) {
      return new Expr.Literal(null, type);
    }
    Object value;
    if (type instanceof DataType.Bool) {
      value = literal.getValueAs(Boolean.class);
    } else if (type instanceof DataType.Int32) {
      value = literal.getValueAs(BigDecimal.class).intValueExact();
    } else if (type instanceof DataType.Int64) {
      value = literal.getValueAs(BigDecimal.class).longValueExact();
    } else if (type instanceof DataType.Float64) {
      value = literal.getValueAs(Double.class);
    } else if (type instanceof DataType.Decimal d) {
      value = literal.getValueAs(BigDecimal.class).setScale(d.scale(), RoundingMode.HALF_UP);
    } else if (type instanceof DataType.Date) {
      value = literal.getValueAs(DateString.class).getDaysSinceEpoch();
    } else if (type instanceof DataType.Utf8) {
      String s = literal.getValueAs(NlsString.class).getValue();
      // CHAR literals are blank-padded by Calcite; CHAR comparison ignores trailing blanks anyway.
      value = literal.getType().getSqlTypeName() == SqlTypeName.CHAR ? stripTrailingBlanks(s) : s;
    } else if (type instanceof DataType.IntervalDays) {
      value = literal.getValueAs(BigDecimal.class).longValueExact();
    } else if (type instanceof DataType.IntervalMonths) {
      value = literal.getValueAs(BigDecimal.class).intValueExact();
    } else {
      value = null;
    }
    return new Expr.Literal(value, type);
  }

  private static String stripTrailingBlanks(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private Expr call(RexCall call) {
    DataType type = TypeMapping.toDataType(call.getType());
    SqlKind kind = call.getKind();
    List<RexNode> ops = call.getOperands();
    switch (kind) {
      case PLUS, MINUS: {
        if (ops.size() == 2 && isDateLike(ops.get(0)) && isInterval(ops.get(1))) {
          Expr date = convert(ops.get(0));
          Expr interval = convert(ops.get(1));
          if (kind == SqlKind.MINUS) {
            interval = negate(interval);
          }
          Op op = interval.type() instanceof DataType.IntervalMonths ? Op.DATE_ADD_INTERVAL_MONTHS : Op.DATE_ADD_INTERVAL_DAYS;
          return new Expr.Call(op, List.of(date, interval), DataType.DATE);
        }
        if (ops.size() == 2 && kind == SqlKind.PLUS && isInterval(ops.get(0)) && isDateLike(ops.get(1))) {
          Expr interval = convert(ops.get(0));
          Op op = interval.type() instanceof DataType.IntervalMonths ? Op.DATE_ADD_INTERVAL_MONTHS : Op.DATE_ADD_INTERVAL_DAYS;
          return new Expr.Call(op, List.of(convert(ops.get(1)), interval), DataType.DATE);
        }
        return new Expr.Call(kind == SqlKind.PLUS ? Op.ADD : Op.SUBTRACT, convert(ops), type);
      }
      case TIMES: return new Expr.Call(Op.MULTIPLY, convert(ops), type);
      case DIVIDE: return new Expr.Call(Op.DIVIDE, convert(ops), type);
      case MOD: return new Expr.Call(Op.MODULO, convert(ops), type);
      case MINUS_PREFIX: return new Expr.Call(Op.NEGATE, convert(ops), type);
      case PLUS_PREFIX: return convert(ops.get(0));
      case EQUALS: return new Expr.Call(Op.EQ, convert(ops), type);
      case NOT_EQUALS: return new Expr.Call(Op.NE, convert(ops), type);
      case LESS_THAN: return new Expr.Call(Op.LT, convert(ops), type);
      case LESS_THAN_OR_EQUAL: return new Expr.Call(Op.LE, convert(ops), type);
      case GREATER_THAN: return new Expr.Call(Op.GT, convert(ops), type);
      case GREATER_THAN_OR_EQUAL: return new Expr.Call(Op.GE, convert(ops), type);
      case IS_NOT_DISTINCT_FROM: return new Expr.Call(Op.IS_NOT_DISTINCT_FROM, convert(ops), DataType.BOOL);
      case IS_DISTINCT_FROM: return new Expr.Call(Op.IS_DISTINCT_FROM, convert(ops), DataType.BOOL);
      case AND: return new Expr.Call(Op.AND, convert(ops), DataType.BOOL);
      case OR: return new Expr.Call(Op.OR, convert(ops), DataType.BOOL);
      case NOT: {
        if (ops.get(0) instanceof RexCall inner && inner.getKind() == SqlKind.LIKE) {
          Expr.Like like = (Expr.Like) convert(inner);
          return new Expr.Like(like.input(), like.pattern(), like.escape(), !like.negated());
        }
        return new Expr.Call(Op.NOT, convert(ops), DataType.BOOL);
      }
      case IS_NULL: return new Expr.Call(Op.IS_NULL, convert(ops), DataType.BOOL);
      case IS_NOT_NULL: return new Expr.Call(Op.IS_NOT_NULL, convert(ops), DataType.BOOL);
      case IS_TRUE: return new Expr.Call(Op.IS_TRUE, convert(ops), DataType.BOOL);
      case IS_NOT_TRUE: return new Expr.Call(Op.IS_NOT_TRUE, convert(ops), DataType.BOOL);
      case IS_FALSE: return new Expr.Call(Op.IS_FALSE, convert(ops), DataType.BOOL);
      case IS_NOT_FALSE: return new Expr.Call(Op.IS_NOT_FALSE, convert(ops), DataType.BOOL);
      case COALESCE: return new Expr.Call(Op.COALESCE, convert(ops), type);
      case NULLIF: return new Expr.Call(Op.NULLIF, convert(ops), type);
      case CASE: {
        List<Expr> conditions = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        int i = 0;
        for (; i + 1 < ops.size(); i += 2) {
          conditions.add(convert(ops.get(i)));
          results.add(convert(ops.get(i + 1)));
        }
        Expr otherwise = i < ops.size() ? convert(ops.get(i)) : new Expr.Literal(null, type);
        return new Expr.Case(conditions, results, otherwise, type);
      }
      case CAST, SAFE_CAST, REINTERPRET: {
        Expr input = convert(ops.get(0));
        if (input.type().equals(type)) {
          return input;
        }
        if (input instanceof Expr.Literal lit && lit.value() == null) {
          return new Expr.Literal(null, type);
        }
        return new Expr.Cast(input, type);
      }
      case LIKE: {
        if (!(ops.get(1) instanceof RexLiteral pattern)) {
          throw BallistaException.unsupported("LIKE needs a constant pattern: " + call);
        }
        Character escape = null;
        if (ops.size() > 2 && ops.get(2) instanceof RexLiteral esc) {
          String e = esc.getValueAs(NlsString.class).getValue();
          if (e.length() != 1) {
            throw new BallistaException(BallistaException.Kind.PLANNING, "LIKE escape must be one character: '" + e + "'");
          }
          escape = e.charAt(0);
        }
        return new Expr.Like(convert(ops.get(0)), pattern.getValueAs(NlsString.class).getValue(), escape, false);
      }
      case SEARCH: return search(call);
      case IN: {
        Expr input = convert(ops.get(0));
        List<Expr.Literal> values = new ArrayList<>();
        for (RexNode v : ops.subList(1, ops.size())) {
          if (!(v instanceof RexLiteral l)) {
            return convert(RexUtil.expandSearch(rexBuilder, null, call));
          }
          values.add(literal(l));
        }
        return new Expr.InList(input, values, false);
      }
      case EXTRACT: {
        TimeUnitRange unit = ((RexLiteral) ops.get(0)).getValueAs(TimeUnitRange.class);
        Op op = switch (unit) {
          case YEAR -> Op.EXTRACT_YEAR;
          case MONTH -> Op.EXTRACT_MONTH;
          case DAY -> Op.EXTRACT_DAY;
          case QUARTER -> Op.EXTRACT_QUARTER;
          case DOW -> Op.EXTRACT_DOW;
          case DOY -> Op.EXTRACT_DOY;
          default -> throw BallistaException.unsupported("EXTRACT(" + unit + ") is not supported");
        };
        return castIfNeeded(new Expr.Call(op, List.of(convert(ops.get(1))), DataType.INT64), type);
      }
      case TRIM: {
        SqlTrimFunction.Flag flag = ((RexLiteral) ops.get(0)).getValueAs(SqlTrimFunction.Flag.class);
        String chars = ((RexLiteral) ops.get(1)).getValueAs(NlsString.class).getValue();
        if (!chars.equals(" ")) {
          throw BallistaException.unsupported("TRIM of characters other than space is not supported");
        }
        Op op = switch (flag) {
          case BOTH -> Op.TRIM;
          case LEADING -> Op.LTRIM;
          case TRAILING -> Op.RTRIM;
        };
        return new Expr.Call(op, List.of(convert(ops.get(2))), type);
      }
      case FLOOR, CEIL: {
        if (ops.size() != 1) {
          throw BallistaException.unsupported(kind + " with a time unit is not supported");
        }
        return new Expr.Call(kind == SqlKind.FLOOR ? Op.FLOOR : Op.CEIL, convert(ops), type);
      }
      case POSITION: return new Expr.Call(Op.POSITION, convert(ops), type);
      default:
        break;
    }
    String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    Op op = switch (name) {
      case "||", "CONCAT" -> Op.CONCAT;
      case "SUBSTRING" -> Op.SUBSTRING;
      case "UPPER" -> Op.UPPER;
      case "LOWER" -> Op.LOWER;
      case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH" -> Op.CHAR_LENGTH;
      case "ABS" -> Op.ABS;
      case "ROUND" -> Op.ROUND;
      case "SQRT" -> Op.SQRT;
      case "POWER" -> Op.POWER;
      case "LN" -> Op.LN;
      case "EXP" -> Op.EXP;
      default -> throw BallistaException.unsupported("function " + call.getOperator().getName() + " is not supported");
    };
    return new Expr.Call(op, convert(ops), type);
  }

  private Expr search(RexCall call) {
    RexNode ref = call.getOperands().get(0);
    RexLiteral sargLiteral = (RexLiteral) call.getOperands().get(1);
    Sarg<?> sarg = sargLiteral.getValueAs(Sarg.class);
    if (sarg != null && sarg.isPoints() && !sarg.isComplementedPoints()) {
      List<Expr.Literal> values = new ArrayList<>();
      for (var range : sarg.rangeSet.asRanges()) {
        RexLiteral point = (RexLiteral) rexBuilder.makeLiteral(range.lowerEndpoint(), sargLiteral.getType(), true, true);
        values.add(literal(point));
      }
      Expr in = new Expr.InList(convert(ref), values, false);
      if (sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.TRUE) {
        return new Expr.Call(Op.OR, List.of(new Expr.Call(Op.IS_NULL, List.of(convert(ref)), DataType.BOOL), in), DataType.BOOL);
      }
      return in;
    }
    return convert(RexUtil.expandSearch(rexBuilder, null, call));
  }

  private static Expr castIfNeeded(Expr e, DataType type) {
    return e.type().equals(type) ? e : new Expr.Cast(e, type);
  }

  private static Expr negate(Expr interval) {
    if (interval instanceof Expr.Literal lit && lit.value() != null) {
      Object v = lit.value() instanceof Long l ? (Object) (-l) : (Object) (-((Integer) lit.value()));
      return new Expr.Literal(v, lit.type());
    }
    return new Expr.Call(Op.NEGATE, List.of(interval), interval.type());
  }

  private static boolean isDateLike(RexNode n) {
    return n.getType().getSqlTypeName() == SqlTypeName.DATE;
  }

  private static boolean isInterval(RexNode n) {
    SqlTypeFamily family = n.getType().getSqlTypeName().getFamily();
    return family == SqlTypeFamily.INTERVAL_DAY_TIME || family == SqlTypeFamily.INTERVAL_YEAR_MONTH;
  }
}
