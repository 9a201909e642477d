package org.ballista.planner.lower;

import java.util.ArrayList;
import java.util.List;
import org.ballista.api.expr.Expr;

/** Rewrites column indexes of engine expressions. */
final class ColumnRemapper {
  private ColumnRemapper() {}

  /** For a join condition over (left, right): the same condition over (right, left). */
  static Expr swapSides(Expr e, int leftCount, int rightCount) {
    return map(e, i -> i < leftCount ? i + rightCount : i - leftCount);
  }

  static Expr map(Expr e, java.util.function.IntUnaryOperator f) {
    if (e instanceof Expr.Column c) {
      return new Expr.Column(f.applyAsInt(c.index()), c.type());
    }
    if (e instanceof Expr.Literal) {
      return e;
    }
    if (e instanceof Expr.Call call) {
      return new Expr.Call(call.op(), mapAll(call.args(), f), call.type());
    }
    if (e instanceof Expr.Cast cast) {
      return new Expr.Cast(map(cast.input(), f), cast.type());
    }
    if (e instanceof Expr.Case cs) {
      return new Expr.Case(mapAll(cs.conditions(), f), mapAll(cs.results(), f), map(cs.otherwise(), f), cs.type());
    }
    if (e instanceof Expr.InList in) {
      return new Expr.InList(map(in.input(), f), in.values(), in.negated());
    }
    if (e instanceof Expr.Like like) {
      return new Expr.Like(map(like.input(), f), like.pattern(), like.escape(), like.negated());
    }
    throw new IllegalArgumentException("unknown expression " + e);
  }

  private static List<Expr> mapAll(List<Expr> es, java.util.function.IntUnaryOperator f) {
    List<Expr> out = new ArrayList<>(es.size());
    for (Expr e : es) {
      out.add(map(e, f));
    }
    return out;
  }
}
