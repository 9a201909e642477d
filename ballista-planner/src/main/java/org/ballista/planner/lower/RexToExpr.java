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
    if (call.getOperator().getName().equals("CURRENT_DATE") && ops.isEmpty()) {
      // fixed when the query is planned, so every task of a query sees the same date (UTC)
      return new Expr.Literal((int) java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay(), DataType.DATE);
    }
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
        String text = pattern.getValueAs(NlsString.class).getValue();
        if (call.getOperator().getName().equalsIgnoreCase("ILIKE")) {
          // case-insensitive: both sides lower-cased (simple per-character case mapping)
          Expr lowered = new Expr.Call(Op.LOWER, List.of(convert(ops.get(0))), DataType.UTF8);
          return new Expr.Like(lowered, text.toLowerCase(java.util.Locale.ROOT), escape, false);
        }
        return new Expr.Like(convert(ops.get(0)), text, escape, false);
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
        TimeUnitRange unit = timeUnit(ops.get(0), call);
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
        if (ops.size() == 2 && kind == SqlKind.FLOOR && isDateLike(ops.get(0))) {
          return dateTrunc(timeUnit(ops.get(1), call), convert(ops.get(0)), type);
        }
        if (ops.size() != 1) {
          throw BallistaException.unsupported(kind + " with a time unit is not supported");
        }
        return new Expr.Call(kind == SqlKind.FLOOR ? Op.FLOOR : Op.CEIL, convert(ops), type);
      }
      case POSITION: return new Expr.Call(Op.POSITION, convert(ops), type);
      case GREATEST_PG: return new Expr.Call(Op.GREATEST, convert(ops), type);
      case LEAST_PG: return new Expr.Call(Op.LEAST, convert(ops), type);
      case GREATEST, LEAST:
        throw BallistaException.unsupported(kind + " that returns NULL for any NULL argument is not supported");
      case STARTS_WITH: return new Expr.Call(Op.STARTS_WITH, convert(ops), DataType.BOOL);
      case ENDS_WITH: return new Expr.Call(Op.ENDS_WITH, convert(ops), DataType.BOOL);
      case REVERSE: return new Expr.Call(Op.REVERSE, convert(ops), type);
      case CONCAT_WS_POSTGRESQL: return new Expr.Call(Op.CONCAT_WS, convert(ops), type);
      case CONCAT_WITH_NULL: {
        // PostgreSQL's CONCAT treats NULL as '': CONCAT_WS with an empty separator
        List<Expr> args = new ArrayList<>();
        args.add(new Expr.Literal("", DataType.UTF8));
        args.addAll(convert(ops));
        return new Expr.Call(Op.CONCAT_WS, args, type);
      }
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
      case "LEFT" -> Op.LEFT_CHARS;
      case "RIGHT" -> Op.RIGHT_CHARS;
      case "LPAD" -> Op.LPAD;
      case "RPAD" -> Op.RPAD;
      case "REPLACE" -> Op.REPLACE;
      case "TRUNCATE", "TRUNC" -> Op.TRUNCATE;
      case "SIGN" -> Op.SIGN;
      case "LOG10" -> Op.LOG10;
      case "LOG" -> ops.size() == 1 ? Op.LOG10 : Op.LOG;
      case "DATE_TRUNC" -> null;
      default -> throw BallistaException.unsupported("function " + call.getOperator().getName() + " is not supported");
    };
    if (op == null) {
      // DATE_TRUNC('unit', date)
      if (!(ops.get(0) instanceof RexLiteral unit) || unit.getValueAs(String.class) == null) {
        throw BallistaException.unsupported("DATE_TRUNC needs a constant unit: " + call);
      }
      return dateTrunc(timeUnit(unit, call), convert(ops.get(1)), type);
    }
    return new Expr.Call(op, convert(ops), type);
  }

  /** A time unit given as a symbol (EXTRACT, FLOOR) or as a string ('month', DATE_PART, DATE_TRUNC). */
  private static TimeUnitRange timeUnit(RexNode node, RexCall call) {
    if (!(node instanceof RexLiteral lit)) {
      throw BallistaException.unsupported("time unit must be a constant: " + call);
    }
    if (lit.getTypeName() == SqlTypeName.SYMBOL) {
      return lit.getValueAs(TimeUnitRange.class);
    }
    String text = lit.getValueAs(String.class);
    try {
      return TimeUnitRange.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BallistaException(BallistaException.Kind.PLANNING, "unknown time unit '" + text + "' in " + call);
    }
  }

  private static Expr dateTrunc(TimeUnitRange unit, Expr date, DataType type) {
    Op op = switch (unit) {
      case YEAR -> Op.DATE_TRUNC_YEAR;
      case QUARTER -> Op.DATE_TRUNC_QUARTER;
      case MONTH -> Op.DATE_TRUNC_MONTH;
      case WEEK -> Op.DATE_TRUNC_WEEK;
      case DAY -> Op.DATE_TRUNC_DAY;
      default -> throw BallistaException.unsupported("truncating a date to " + unit + " is not supported");
    };
    return castIfNeeded(new Expr.Call(op, List.of(date), DataType.DATE), type);
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
