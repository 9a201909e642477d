package org.ballista.runtime.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.Vectors;

/**
 * Compiles {@link Expr} trees into vectorized {@link VectorEvaluator}s.
 *
 * <p>The compiler resolves all type decisions up front so that the per-batch kernels are tight,
 * monomorphic loops: operands are coerced to one computation domain (scaled {@code long} for
 * INT32/INT64/DECIMAL(p≤18), {@code double}, UTF-8 bytes, bitmaps), decimal scales are aligned
 * (ADD/SUBTRACT/MODULO at the result scale; MULTIPLY at s1+s2 then rescaled half-up; DIVIDE rounded
 * half-up to the result scale), literals stay primitive constants (a comparison or arithmetic with
 * one literal side never materializes it), LIKE patterns and IN lists are compiled once, and
 * sub-expressions without column references are folded to literals (evaluated once on a one-row
 * batch; a folding error is left to happen at run time, for live rows only).
 *
 * <p>Errors (overflow, division by zero, invalid casts) are {@link BallistaException} of kind
 * EXECUTION and are raised only for rows whose value matters: CASE branches, later COALESCE
 * arguments and later AND/OR operands are evaluated under a row mask.
 *
 * <p>Limits: DECIMAL values are computed as 64-bit scaled longs even when the declared precision is
 * above 18 (a value that does not fit raises "decimal overflow"); ROUND and TRUNCATE need constant digits;
 * TRIM removes spaces only; EXTRACT(DOW) is 1 = Sunday .. 7 = Saturday (Calcite's convention);
 * CAST to DOUBLE from text and from DOUBLE to text go through java.lang.String per row.
 */
public final class ExpressionCompiler {
  private final Schema schema;

  private ExpressionCompiler(Schema schema) {
    this.schema = schema;
  }

  public static VectorEvaluator compile(Expr expr, Schema inputSchema) {
    return new ExpressionCompiler(inputSchema).node(expr);
  }

  // ---------------------------------------------------------------- dispatch

  private Node node(Expr e) {
    if (e instanceof Expr.Literal l) {
      return new LiteralNode(l.value(), l.type());
    }
    if (e instanceof Expr.Column c) {
      return column(c);
    }
    Node built = build(e);
    if (isConstant(e)) {
      return fold(built);
    }
    return built;
  }

  private Node build(Expr e) {
    if (e instanceof Expr.Cast c) {
      return coerce(node(c.input()), c.type());
    }
    if (e instanceof Expr.Call c) {
      return call(c);
    }
    if (e instanceof Expr.Case c) {
      List<Node> conds = new ArrayList<>();
      List<Node> results = new ArrayList<>();
      for (int i = 0; i < c.conditions().size(); i++) {
        conds.add(node(c.conditions().get(i)));
        results.add(coerce(node(c.results().get(i)), c.type()));
      }
      return new SelectNodes.Case(conds, results, coerce(node(c.otherwise()), c.type()), c.type());
    }
    if (e instanceof Expr.InList in) {
      Node input = node(in.input());
      if (input.type instanceof DataType.Null) {
        return new LiteralNode(null, DataType.BOOL);
      }
      if (input.type instanceof DataType.Decimal d && !d.fitsInLong()) {
        input = coerce(input, DataType.decimal(18, d.scale()));
      }
      return new InListNode(input, in.values(), in.negated());
    }
    if (e instanceof Expr.Like like) {
      Node input = coerce(node(like.input()), DataType.UTF8);
      return new LikeNode(input, new LikePattern(like.pattern(), like.escape()), like.negated());
    }
    throw BallistaException.unsupported("expression not supported: " + e);
  }

  private Node column(Expr.Column c) {
    if (c.index() < 0 || c.index() >= schema.getFields().size()) {
      throw new BallistaException(BallistaException.Kind.PLANNING,
          "column #" + c.index() + " out of range for input with " + schema.getFields().size() + " columns");
    }
    org.apache.arrow.vector.types.pojo.Field field = schema.getFields().get(c.index());
    DataType actual = Vectors.typeOf(field);
    ColumnNode col = new ColumnNode(c.index(), actual);
    Node n = NormalizeNode.needed(field.getType(), actual) ? new NormalizeNode(col) : col;
    return sameRepresentation(actual, c.type()) ? n : coerce(n, c.type());
  }

  private static boolean sameRepresentation(DataType a, DataType b) {
    if (a.equals(b)) {
      return true;
    }
    // intervals are stored as plain integers
    return TypeKind.of(a) == TypeKind.INTERVAL_DAYS && TypeKind.of(b) == TypeKind.INT64
        || TypeKind.of(a) == TypeKind.INT64 && TypeKind.of(b) == TypeKind.INTERVAL_DAYS
        || TypeKind.of(a) == TypeKind.INTERVAL_MONTHS && TypeKind.of(b) == TypeKind.INT32
        || TypeKind.of(a) == TypeKind.INT32 && TypeKind.of(b) == TypeKind.INTERVAL_MONTHS;
  }

  private static boolean isConstant(Expr e) {
    if (e instanceof Expr.Column) {
      return false;
    }
    if (e instanceof Expr.Literal) {
      return true;
    }
    if (e instanceof Expr.Cast c) {
      return isConstant(c.input());
    }
    if (e instanceof Expr.Call c) {
      return c.args().stream().allMatch(ExpressionCompiler::isConstant);
    }
    if (e instanceof Expr.Case c) {
      return c.conditions().stream().allMatch(ExpressionCompiler::isConstant)
          && c.results().stream().allMatch(ExpressionCompiler::isConstant) && isConstant(c.otherwise());
    }
    if (e instanceof Expr.InList in) {
      return isConstant(in.input());
    }
    if (e instanceof Expr.Like like) {
      return isConstant(like.input());
    }
    return false;
  }

  /** Evaluates a column-free node once; on error the node is kept (the error then applies per live row). */
  private static Node fold(Node n) {
    if (n instanceof LiteralNode) {
      return n;
    }
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot empty = new VectorSchemaRoot(List.of());
        FieldVector v = n.evaluate(oneRow(empty), allocator)) {
      return new LiteralNode(literalValue(v, 0), n.type);
    } catch (BallistaException e) {
      return n;
    }
  }

  private static VectorSchemaRoot oneRow(VectorSchemaRoot root) {
    root.setRowCount(1);
    return root;
  }

  /** The Expr.Literal value convention for row i of v. */
  static Object literalValue(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof VarCharVector s) {
      return new String(s.get(i), java.nio.charset.StandardCharsets.UTF_8);
    }
    return v.getObject(i);
  }

  // ---------------------------------------------------------------- coercion

  /** n converted to {@code target}: unchanged, folded (literals) or wrapped in a cast. */
  Node coerce(Node n, DataType target) {
    DataType from = n.type;
    if (sameRepresentation(from, target)) {
      return n;
    }
    if (from instanceof DataType.Decimal f && target instanceof DataType.Decimal t && f.scale() == t.scale()
        && (f.fitsInLong() ? t.precision() >= f.precision() : !t.fitsInLong())) {
      return n;
    }
    if (n instanceof LiteralNode l && l.isNull) {
      return new LiteralNode(null, target);
    }
    if (!CastNode.supported(from, target)) {
      throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "cannot cast " + from + " to " + target);
    }
    CastNode cast = new CastNode(n, target);
    return n instanceof LiteralNode ? fold(cast) : cast;
  }

  /** An operand for long arithmetic: INT64 or DECIMAL(≤18) at scale {@code scale} (or its own if -1). */
  private Node longOperand(Node n, int scale) {
    DataType t = n.type;
    TypeKind k = TypeKind.of(t);
    int own = TypeKind.scale(t);
    int want = scale >= 0 ? scale : (k == TypeKind.FLOAT64 ? 6 : own);
    if (k == TypeKind.NULL) {
      return new LiteralNode(null, want == 0 ? DataType.INT64 : DataType.decimal(18, want));
    }
    if (want == 0 && (k == TypeKind.INT32 || k == TypeKind.INT64 || k == TypeKind.BOOL || k == TypeKind.FLOAT64
        || k == TypeKind.INTERVAL_DAYS || k == TypeKind.INTERVAL_MONTHS)) {
      return k == TypeKind.INT64 || k == TypeKind.INTERVAL_DAYS ? n : coerce(n, DataType.INT64);
    }
    if (k == TypeKind.DECIMAL && own == want && ((DataType.Decimal) t).fitsInLong()) {
      return n;
    }
    if (k == TypeKind.UTF8 || k == TypeKind.DATE) {
      throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "arithmetic on " + t);
    }
    return coerce(n, DataType.decimal(18, want));
  }

  private static long pow10(int e, Object what) {
    if (e > 18) {
      throw BallistaException.unsupported("decimal rescale by 10^" + e + " in " + what);
    }
    return DecimalVectors.powerOfTen(e);
  }

  // ---------------------------------------------------------------- calls

  private List<Node> args(Expr.Call c) {
    List<Node> out = new ArrayList<>(c.args().size());
    for (Expr a : c.args()) {
      out.add(node(a));
    }
    return out;
  }

  private static void arity(Expr.Call c, int min, int max) {
    int n = c.args().size();
    if (n < min || n > max) {
      throw new BallistaException(BallistaException.Kind.PLANNING, c.op() + " does not take " + n + " arguments: " + c);
    }
  }

  private Node call(Expr.Call c) {
    Op op = c.op();
    DataType t = c.type();
    List<Node> a = args(c);
    switch (op) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
        arity(c, 2, 2);
        return arithmetic(op, a.get(0), a.get(1), t, c);
      }
      case NEGATE, ABS -> {
        arity(c, 1, 1);
        return unaryNumeric(op, a.get(0), 0, t);
      }
      case ROUND, TRUNCATE, FLOOR, CEIL, SIGN -> {
        arity(c, 1, op == Op.ROUND || op == Op.TRUNCATE ? 2 : 1);
        int digits = 0;
        if (a.size() > 1) {
          if (!(a.get(1) instanceof LiteralNode l) || l.isNull) {
            throw BallistaException.unsupported(op + " with non-constant digits: " + c);
          }
          digits = (int) l.longValue;
        }
        return unaryNumeric(op, a.get(0), digits, t);
      }
      case SQRT, LN, EXP, LOG10 -> {
        arity(c, 1, 1);
        return coerce(new MathNodes.DoubleFunction(op, coerce(a.get(0), DataType.FLOAT64), null, 0), t);
      }
      case POWER, LOG -> {
        arity(c, 2, 2);
        return coerce(new MathNodes.DoubleFunction(op, coerce(a.get(0), DataType.FLOAT64),
            coerce(a.get(1), DataType.FLOAT64), 0), t);
      }
      case EQ, NE, LT, LE, GT, GE, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
        arity(c, 2, 2);
        return compare(op, a.get(0), a.get(1));
      }
      case AND, OR -> {
        arity(c, 1, Integer.MAX_VALUE);
        List<Node> bools = new ArrayList<>();
        for (Node n : a) {
          bools.add(n.type instanceof DataType.Null ? n : coerce(n, DataType.BOOL));
        }
        return new LogicNodes.AndOr(op == Op.AND, bools);
      }
      case NOT -> {
        arity(c, 1, 1);
        return new LogicNodes.Not(a.get(0).type instanceof DataType.Null ? a.get(0) : coerce(a.get(0), DataType.BOOL));
      }
      case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
        arity(c, 1, 1);
        return new LogicNodes.Test(op, a.get(0));
      }
      case COALESCE -> {
        arity(c, 1, Integer.MAX_VALUE);
        List<Node> vals = new ArrayList<>();
        for (Node n : a) {
          vals.add(coerce(n, t));
        }
        return new SelectNodes.Coalesce(vals, t);
      }
      case NULLIF -> {
        arity(c, 2, 2);
        return new SelectNodes.NullIf(coerce(a.get(0), t), compare(Op.EQ, a.get(0), a.get(1)), t);
      }
      case DATE_ADD_INTERVAL_DAYS, DATE_ADD_INTERVAL_MONTHS -> {
        arity(c, 2, 2);
        return dateAdd(a.get(0), a.get(1), op == Op.DATE_ADD_INTERVAL_MONTHS, false);
      }
      case EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY, EXTRACT_QUARTER, EXTRACT_DOW, EXTRACT_DOY -> {
        arity(c, 1, 1);
        DataType out = TypeKind.of(t) == TypeKind.INT32 ? DataType.INT32 : DataType.INT64;
        return coerce(new DateNodes.Extract(op, coerce(a.get(0), DataType.DATE), out), t);
      }
      case SUBSTRING -> {
        arity(c, 2, 3);
        return new StringNodes.Substring(coerce(a.get(0), DataType.UTF8), intArg(a.get(1)),
            a.size() > 2 ? intArg(a.get(2)) : null);
      }
      case CONCAT -> {
        arity(c, 1, Integer.MAX_VALUE);
        List<Node> strs = new ArrayList<>();
        for (Node n : a) {
          strs.add(coerce(n, DataType.UTF8));
        }
        return new StringNodes.Concat(strs);
      }
      case UPPER, LOWER, TRIM, LTRIM, RTRIM -> {
        arity(c, 1, 3);
        for (int i = 0; i < a.size() - 1; i++) {
          if (!(a.get(i) instanceof LiteralNode l) || (l.bytes != null && !" ".equals(l.value.toString()))) {
            throw BallistaException.unsupported(op + " other than of spaces: " + c);
          }
        }
        return new StringNodes.Transform(op, coerce(a.get(a.size() - 1), DataType.UTF8));
      }
      case LEFT_CHARS, RIGHT_CHARS -> {
        arity(c, 2, 2);
        return new StringFunctions.Slice(op, utf8(a.get(0)), intArg(a.get(1)));
      }
      case LPAD, RPAD -> {
        arity(c, 2, 3);
        Node fill = a.size() > 2 ? utf8(a.get(2)) : new LiteralNode(" ", DataType.UTF8);
        return new StringFunctions.Pad(op, utf8(a.get(0)), intArg(a.get(1)), fill);
      }
      case REPLACE -> {
        arity(c, 3, 3);
        return new StringFunctions.Replace(utf8(a.get(0)), utf8(a.get(1)), utf8(a.get(2)));
      }
      case REVERSE -> {
        arity(c, 1, 1);
        return new StringNodes.Transform(op, utf8(a.get(0)));
      }
      case STARTS_WITH, ENDS_WITH -> {
        arity(c, 2, 2);
        return new StringFunctions.Affix(op, utf8(a.get(0)), utf8(a.get(1)));
      }
      case CONCAT_WS -> {
        arity(c, 1, Integer.MAX_VALUE);
        List<Node> strs = new ArrayList<>();
        for (Node n : a.subList(1, a.size())) {
          strs.add(utf8(n));
        }
        return new StringFunctions.ConcatWs(utf8(a.get(0)), strs);
      }
      case GREATEST, LEAST -> {
        arity(c, 1, Integer.MAX_VALUE);
        if (TypeKind.of(t) == TypeKind.NULL) {
          return new LiteralNode(null, t);
        }
        List<Node> vals = new ArrayList<>();
        for (Node n : a) {
          vals.add(coerce(n, t));
        }
        return new ExtremumNode(op == Op.GREATEST, vals, t);
      }
      case DATE_TRUNC_YEAR, DATE_TRUNC_QUARTER, DATE_TRUNC_MONTH, DATE_TRUNC_WEEK, DATE_TRUNC_DAY -> {
        arity(c, 1, 1);
        return coerce(new DateNodes.Truncate(op, coerce(a.get(0), DataType.DATE)), t);
      }
      case CHAR_LENGTH -> {
        arity(c, 1, 1);
        return new StringNodes.Measure(op, coerce(a.get(0), DataType.UTF8), null, intResult(t));
      }
      case POSITION -> {
        arity(c, 2, 2);
        return coerce(new StringNodes.Measure(op, coerce(a.get(0), DataType.UTF8), coerce(a.get(1), DataType.UTF8),
            intResult(t)), t);
      }
      default -> throw BallistaException.unsupported("function " + op);
    }
  }

  private Node utf8(Node n) {
    return coerce(n, DataType.UTF8);
  }

  private static DataType intResult(DataType t) {
    return TypeKind.of(t) == TypeKind.INT32 ? DataType.INT32 : DataType.INT64;
  }

  private Node intArg(Node n) {
    TypeKind k = TypeKind.of(n.type);
    return k == TypeKind.INT32 || k == TypeKind.INT64 ? n : coerce(n, DataType.INT64);
  }

  private Node dateAdd(Node date, Node interval, boolean months, boolean negate) {
    Node k = interval;
    if (negate) {
      k = k instanceof LiteralNode l
          ? new LiteralNode(l.isNull ? null : (Object) (-l.longValue), months ? DataType.INT64 : DataType.INT64)
          : new MathNodes.LongUnary(Op.NEGATE, k, 0, DataType.INT64);
    }
    return new DateNodes.AddInterval(coerce(date, DataType.DATE), k, months);
  }

  private Node arithmetic(Op op, Node l, Node r, DataType t, Expr.Call c) {
    TypeKind lk = TypeKind.of(l.type);
    TypeKind rk = TypeKind.of(r.type);
    // DATE ± INTERVAL written as plain arithmetic
    if ((op == Op.ADD || op == Op.SUBTRACT) && lk == TypeKind.DATE
        && (rk == TypeKind.INTERVAL_DAYS || rk == TypeKind.INTERVAL_MONTHS)) {
      return dateAdd(l, r, rk == TypeKind.INTERVAL_MONTHS, op == Op.SUBTRACT);
    }
    if (op == Op.ADD && rk == TypeKind.DATE && (lk == TypeKind.INTERVAL_DAYS || lk == TypeKind.INTERVAL_MONTHS)) {
      return dateAdd(r, l, lk == TypeKind.INTERVAL_MONTHS, false);
    }
    TypeKind tk = TypeKind.of(t);
    switch (tk) {
      case FLOAT64:
        return new DoubleArithmeticNode(op, coerce(l, DataType.FLOAT64), coerce(r, DataType.FLOAT64));
      case INT32:
        return coerce(arithmetic(op, l, r, DataType.INT64, c), t);
      case INT64, DECIMAL, INTERVAL_DAYS: {
        DataType rt = tk == TypeKind.INTERVAL_DAYS ? DataType.INT64 : t;
        int s = TypeKind.scale(rt);
        boolean integer = tk != TypeKind.DECIMAL;
        switch (op) {
          case ADD, SUBTRACT, MODULO:
            return new LongArithmeticNode(op, longOperand(l, s), longOperand(r, s), rt, 1, 1, 1, 1);
          case MULTIPLY: {
            Node a = longOperand(l, integer ? 0 : -1);
            Node b = longOperand(r, integer ? 0 : -1);
            int ps = TypeKind.scale(a.type) + TypeKind.scale(b.type);
            long down = ps > s ? pow10(ps - s, c) : 1;
            long up = ps < s ? pow10(s - ps, c) : 1;
            return new LongArithmeticNode(op, a, b, rt, down, up, 1, 1);
          }
          case DIVIDE: {
            Node a = longOperand(l, integer ? 0 : -1);
            Node b = longOperand(r, integer ? 0 : -1);
            int e = s - TypeKind.scale(a.type) + TypeKind.scale(b.type);
            long mulNum = e > 0 ? pow10(e, c) : 1;
            long mulDen = e < 0 ? pow10(-e, c) : 1;
            return new LongArithmeticNode(op, a, b, rt, 1, 1, mulNum, mulDen);
          }
          default:
            throw BallistaException.internal("not arithmetic: " + op, null);
        }
      }
      case NULL:
        return new LiteralNode(null, t);
      default:
        throw BallistaException.unsupported(op + " with result type " + t + ": " + c);
    }
  }

  private Node unaryNumeric(Op op, Node in, int digits, DataType t) {
    TypeKind tk = TypeKind.of(t);
    TypeKind ik = TypeKind.of(in.type);
    if (ik == TypeKind.NULL) {
      return new LiteralNode(null, t);
    }
    if (tk == TypeKind.FLOAT64 || ik == TypeKind.FLOAT64) {
      return coerce(new MathNodes.DoubleFunction(op, coerce(in, DataType.FLOAT64), null, digits), t);
    }
    if (tk != TypeKind.INT32 && tk != TypeKind.INT64 && tk != TypeKind.DECIMAL) {
      throw BallistaException.unsupported(op + " with result type " + t);
    }
    Node input = in;
    if (in.type instanceof DataType.Decimal d && !d.fitsInLong()) {
      input = coerce(in, DataType.decimal(18, d.scale()));
    } else if (ik != TypeKind.INT32 && ik != TypeKind.INT64 && ik != TypeKind.DECIMAL) {
      input = coerce(in, DataType.INT64);
    }
    return new MathNodes.LongUnary(op, input, digits, t);
  }

  private Node compare(Op op, Node l, Node r) {
    boolean nullSafe = op == Op.IS_DISTINCT_FROM || op == Op.IS_NOT_DISTINCT_FROM;
    if (l.type instanceof DataType.Null || r.type instanceof DataType.Null) {
      if (!nullSafe) {
        return new LiteralNode(null, DataType.BOOL);
      }
      Node other = l.type instanceof DataType.Null ? r : l;
      return new LogicNodes.Test(op == Op.IS_NOT_DISTINCT_FROM ? Op.IS_NULL : Op.IS_NOT_NULL, other);
    }
    TypeKind lk = TypeKind.of(l.type);
    TypeKind rk = TypeKind.of(r.type);
    // strings compared with other types: convert the string side
    if (lk == TypeKind.UTF8 && rk != TypeKind.UTF8) {
      l = coerce(l, r.type);
      lk = rk;
    } else if (rk == TypeKind.UTF8 && lk != TypeKind.UTF8) {
      r = coerce(r, l.type);
      rk = lk;
    }
    CompareNode.Domain domain;
    if (lk == TypeKind.UTF8) {
      domain = CompareNode.Domain.UTF8;
    } else if (lk == TypeKind.BOOL && rk == TypeKind.BOOL) {
      domain = CompareNode.Domain.BOOL;
    } else if (lk == TypeKind.DATE && rk == TypeKind.DATE) {
      domain = CompareNode.Domain.INT;
    } else if (isNumber(lk) && isNumber(rk)) {
      if (lk == TypeKind.FLOAT64 || rk == TypeKind.FLOAT64) {
        domain = CompareNode.Domain.DOUBLE;
        l = coerce(l, DataType.FLOAT64);
        r = coerce(r, DataType.FLOAT64);
      } else if (lk == TypeKind.INT32 && (rk == TypeKind.INT32 || fitsIntLiteral(r))) {
        domain = CompareNode.Domain.INT;
        r = coerce(r, DataType.INT32);
      } else if (rk == TypeKind.INT32 && fitsIntLiteral(l)) {
        domain = CompareNode.Domain.INT;
        l = coerce(l, DataType.INT32);
      } else {
        domain = CompareNode.Domain.LONG;
        int s = Math.max(TypeKind.scale(l.type), TypeKind.scale(r.type));
        l = longOperand(l, s);
        r = longOperand(r, s);
      }
    } else {
      throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "cannot compare " + l.type + " with " + r.type);
    }
    if (l instanceof LiteralNode && !(r instanceof LiteralNode)) {
      return new CompareNode(CompareNode.mirror(op), domain, r, l);
    }
    return new CompareNode(op, domain, l, r);
  }

  private static boolean isNumber(TypeKind k) {
    return k == TypeKind.INT32 || k == TypeKind.INT64 || k == TypeKind.DECIMAL || k == TypeKind.FLOAT64;
  }

  /** A literal whose value is an integer within the INT32 range (so a comparison can stay on ints). */
  private static boolean fitsIntLiteral(Node n) {
    if (!(n instanceof LiteralNode l) || l.isNull || !(l.value instanceof Number)) {
      return false;
    }
    BigDecimal v = LiteralNode.toBigDecimal(l.value);
    try {
      int ignored = v.intValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
