package org.ballista.runtime.expr;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/** CASE, COALESCE and NULLIF: evaluate each branch only for the rows that reach it, then merge. */
final class SelectNodes {
  private SelectNodes() {}

  private static long[] start(EvalContext ctx) {
    return ctx.active() == null ? Bitmaps.ones(ctx.rowCount()) : ctx.active().clone();
  }

  private static void pick(int[] picks, long[] rows, int source) {
    for (int w = 0; w < rows.length; w++) {
      long x = rows[w];
      while (x != 0) {
        picks[(w << 6) + Long.numberOfTrailingZeros(x)] = source;
        x &= x - 1;
      }
    }
  }

  private static FieldVector merge(DataType type, Arg[] args, int[] picks, EvalContext ctx) {
    FieldVector[] sources = new FieldVector[args.length];
    for (int k = 0; k < args.length; k++) {
      sources[k] = args[k] == null ? null : args[k].vector();
    }
    return Merge.select(type, sources, picks, ctx.rowCount(), ctx.allocator());
  }

  private static void closeAll(Arg[] args) {
    RuntimeException first = null;
    for (Arg a : args) {
      if (a != null) {
        try {
          a.close();
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** CASE WHEN c1 THEN r1 ... ELSE e END; branch i sees only rows where c_i is the first true condition. */
  static final class Case extends Node {
    private final List<Node> conditions;
    private final List<Node> results;
    private final Node otherwise;

    Case(List<Node> conditions, List<Node> results, Node otherwise, DataType type) {
      super(type);
      this.conditions = List.copyOf(conditions);
      this.results = List.copyOf(results);
      this.otherwise = otherwise;
    }

    @Override
    boolean canFail() {
      return conditions.stream().anyMatch(Node::canFail) || results.stream().anyMatch(Node::canFail) || otherwise.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      long[] remaining = start(ctx);
      int[] picks = new int[n];
      java.util.Arrays.fill(picks, -1);
      Arg[] args = new Arg[results.size() + 1];
      try {
        for (int b = 0; b < conditions.size() && !Bitmaps.isEmpty(remaining); b++) {
          long[] t;
          try (Arg c = conditions.get(b).arg(ctx.withActive(remaining))) {
            t = Bitmaps.and(LogicNodes.trueBits(c.vector(), n), remaining);
          }
          if (!Bitmaps.isEmpty(t)) {
            args[b] = results.get(b).arg(ctx.withActive(t));
            pick(picks, t, b);
            remaining = Bitmaps.andNot(remaining, t, n);
          }
        }
        if (!Bitmaps.isEmpty(remaining)) {
          args[results.size()] = otherwise.arg(ctx.withActive(remaining));
          pick(picks, remaining, results.size());
        }
        return merge(type, args, picks, ctx);
      } finally {
        closeAll(args);
      }
    }
  }

  /** COALESCE(a, b, ...): argument k is evaluated only for rows where all earlier ones are NULL. */
  static final class Coalesce extends Node {
    private final List<Node> args;

    Coalesce(List<Node> args, DataType type) {
      super(type);
      this.args = List.copyOf(args);
    }

    @Override
    boolean canFail() {
      return args.stream().anyMatch(Node::canFail);
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      long[] remaining = start(ctx);
      int[] picks = new int[n];
      java.util.Arrays.fill(picks, -1);
      Arg[] vals = new Arg[args.size()];
      try {
        for (int k = 0; k < args.size() && !Bitmaps.isEmpty(remaining); k++) {
          vals[k] = args.get(k).arg(k == 0 ? ctx : ctx.withActive(remaining));
          long[] valid = Bitmaps.validity(vals[k].vector(), n);
          if (k == 0 && valid == null && ctx.active() == null) {
            Arg only = vals[0];
            vals[0] = null;
            return only.owned() ? only.vector() : args.get(0).eval(ctx);
          }
          long[] hits = Bitmaps.and(valid == null ? Bitmaps.ones(n) : valid, remaining);
          pick(picks, hits, k);
          remaining = Bitmaps.andNot(remaining, hits, n);
        }
        return merge(type, vals, picks, ctx);
      } finally {
        closeAll(vals);
      }
    }
  }

  /** NULLIF(a, b): a, or NULL where a = b is true. {@code equal} is the compiled a = b. */
  static final class NullIf extends Node {
    private final Node value;
    private final Node equal;

    NullIf(Node value, Node equal, DataType type) {
      super(type);
      this.value = value;
      this.equal = equal;
    }

    @Override
    boolean canFail() {
      return value.canFail() || equal.canFail();
    }

    @Override
    FieldVector eval(EvalContext ctx) {
      int n = ctx.rowCount();
      long[] eq;
      try (Arg e = equal.arg(ctx)) {
        eq = LogicNodes.trueBits(e.vector(), n);
      }
      int[] picks = new int[n];
      for (int i = 0; i < n; i++) {
        picks[i] = Bitmaps.get(eq, i) ? -1 : 0;
      }
      Arg[] vals = new Arg[] {value.arg(ctx)};
      try {
        return merge(type, vals, picks, ctx);
      } finally {
        closeAll(vals);
      }
    }
  }
}
