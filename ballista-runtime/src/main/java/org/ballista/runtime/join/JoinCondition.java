package org.ballista.runtime.join;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.runtime.expr.ExpressionCompiler;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.vector.VectorTake;

/**
 * A join's residual condition: an evaluator over a batch made of some left columns followed by
 * some right columns ({@link #leftColumns}, {@link #rightColumns}). Compiled from an {@link Expr}
 * over the combined (left then right) schema, only the referenced columns are gathered for
 * candidate pairs; a hand-compiled {@link VectorEvaluator} sees every column. Immutable.
 */
final class JoinCondition {
  private final VectorEvaluator evaluator;
  private final int[] leftColumns;
  private final int[] rightColumns;
  private final Schema schema;

  private JoinCondition(VectorEvaluator evaluator, int[] leftColumns, int[] rightColumns, Schema schema) {
    this.evaluator = evaluator;
    this.leftColumns = leftColumns;
    this.rightColumns = rightColumns;
    this.schema = schema;
  }

  /** The combined schema: left fields then right fields. */
  static Schema combined(Schema left, Schema right) {
    List<Field> fields = new ArrayList<>(left.getFields());
    fields.addAll(right.getFields());
    return new Schema(fields);
  }

  /** Null when {@code evaluator} is null; otherwise a condition over all left then right columns. */
  static JoinCondition of(VectorEvaluator evaluator, Schema left, Schema right) {
    if (evaluator == null) {
      return null;
    }
    int nl = left.getFields().size();
    int nr = right.getFields().size();
    int[] lc = new int[nl];
    int[] rc = new int[nr];
    for (int i = 0; i < nl; i++) {
      lc[i] = i;
    }
    for (int i = 0; i < nr; i++) {
      rc[i] = i;
    }
    return new JoinCondition(evaluator, lc, rc, combined(left, right));
  }

  /** Null when {@code condition} is null; otherwise compiles it over only the columns it references. */
  static JoinCondition compile(Expr condition, Schema left, Schema right) {
    if (condition == null) {
      return null;
    }
    int nl = left.getFields().size();
    Schema all = combined(left, right);
    boolean[] used = new boolean[all.getFields().size()];
    if (!collect(condition, used)) {
      return of(ExpressionCompiler.compile(condition, all), left, right);
    }
    int[] remap = new int[used.length];
    List<Field> fields = new ArrayList<>();
    List<Integer> lc = new ArrayList<>();
    List<Integer> rc = new ArrayList<>();
    for (int i = 0; i < used.length; i++) {
      if (used[i]) {
        remap[i] = fields.size();
        fields.add(all.getFields().get(i));
        if (i < nl) {
          lc.add(i);
        } else {
          rc.add(i - nl);
        }
      }
    }
    Schema narrow = new Schema(fields);
    VectorEvaluator ev = ExpressionCompiler.compile(rewrite(condition, remap), narrow);
    return new JoinCondition(ev, lc.stream().mapToInt(Integer::intValue).toArray(),
        rc.stream().mapToInt(Integer::intValue).toArray(), narrow);
  }

  /** Marks referenced columns; false if the expression has a form this class does not know. */
  private static boolean collect(Expr e, boolean[] used) {
    if (e instanceof Expr.Column c) {
      if (c.index() < 0 || c.index() >= used.length) {
        throw new BallistaException(BallistaException.Kind.PLANNING,
            "join condition references column " + c.index() + " of " + used.length);
      }
      used[c.index()] = true;
      return true;
    } else if (e instanceof Expr.Literal) {
      return true;
    } else if (e instanceof Expr.Call call) {
      for (Expr a : call.args()) {
        if (!collect(a, used)) {
          return false;
        }
      }
      return true;
    } else if (e instanceof Expr.Cast cast) {
      return collect(cast.input(), used);
    } else if (e instanceof Expr.Case cs) {
      for (Expr a : cs.conditions()) {
        if (!collect(a, used)) {
          return false;
        }
      }
      for (Expr a : cs.results()) {
        if (!collect(a, used)) {
          return false;
        }
      }
      return collect(cs.otherwise(), used);
    } else if (e instanceof Expr.InList in) {
      return collect(in.input(), used);
    } else if (e instanceof Expr.Like like) {
      return collect(like.input(), used);
    }
    return false;
  }

  private static Expr rewrite(Expr e, int[] remap) {
    if (e instanceof Expr.Column c) {
      return new Expr.Column(remap[c.index()], c.type());
    } else if (e instanceof Expr.Call call) {
      return new Expr.Call(call.op(), call.args().stream().map(a -> rewrite(a, remap)).toList(), call.type());
    } else if (e instanceof Expr.Cast cast) {
      return new Expr.Cast(rewrite(cast.input(), remap), cast.type());
    } else if (e instanceof Expr.Case cs) {
      return new Expr.Case(cs.conditions().stream().map(a -> rewrite(a, remap)).toList(),
          cs.results().stream().map(a -> rewrite(a, remap)).toList(), rewrite(cs.otherwise(), remap), cs.type());
    } else if (e instanceof Expr.InList in) {
      return new Expr.InList(rewrite(in.input(), remap), in.values(), in.negated());
    } else if (e instanceof Expr.Like like) {
      return new Expr.Like(rewrite(like.input(), remap), like.pattern(), like.escape(), like.negated());
    }
    return e;
  }

  /** Left columns the condition reads. */
  int[] leftColumns() {
    return leftColumns.clone();
  }

  /** Right columns the condition reads. */
  int[] rightColumns() {
    return rightColumns.clone();
  }

  /**
   * Evaluates the condition on the candidate pairs {@code (probeRows[i], buildRows[i])}, {@code i <
   * n}, keeps (in order, in place) the pairs where it is TRUE (NULL and FALSE drop the pair) and
   * returns how many were kept. Every temporary vector is closed before returning.
   */
  int filter(VectorSchemaRoot probe, CollectedSide build, int[] probeRows, int[] buildRows, int n,
      BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
    VectorSchemaRoot pairs = null;
    try {
      int f = 0;
      boolean run = VectorTake.isRun(probeRows, 0, n);
      for (int c : leftColumns) {
        FieldVector src = probe.getVector(c);
        Field field = schema.getFields().get(f++);
        vectors.add(run
            ? VectorTake.slice(src, probeRows[0], n, field, allocator)
            : VectorTake.take(src, src.getNullCount() > 0, probeRows, 0, n, field, allocator));
      }
      for (int c : rightColumns) {
        vectors.add(VectorTake.take(build.column(c), build.mayHaveNulls(c), buildRows, 0, n,
            schema.getFields().get(f++), allocator));
      }
      pairs = new VectorSchemaRoot(schema.getFields(), vectors, n);
      vectors = null;
      try (FieldVector result = evaluator.evaluate(pairs, allocator)) {
        if (!(result instanceof BitVector bits)) {
          throw BallistaException.internal("join condition must produce BOOLEAN, got " + result.getField(), null);
        }
        ArrowBuf data = bits.getDataBuffer();
        ArrowBuf validity = bits.getValidityBuffer();
        boolean nulls = bits.getNullCount() > 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
          if (Bits.get(data, i) && (!nulls || Bits.get(validity, i))) {
            probeRows[kept] = probeRows[i];
            buildRows[kept] = buildRows[i];
            kept++;
          }
        }
        return kept;
      }
    } finally {
      if (pairs != null) {
        pairs.close();
      }
      if (vectors != null) {
        for (FieldVector v : vectors) {
          v.close();
        }
      }
    }
  }
}
