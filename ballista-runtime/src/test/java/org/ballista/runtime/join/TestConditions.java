package org.ballista.runtime.join;

import java.util.function.BiFunction;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.ballista.runtime.expr.VectorEvaluator;

/** Test-only hand-written residual conditions, each with its row-at-a-time reference. */
final class TestConditions {
  private TestConditions() {}

  record Cond(VectorEvaluator evaluator, BiFunction<Object[], Object[], Boolean> reference) {}

  /**
   * {@code left[leftCol] < right[rightCol]} on numeric columns (NULL if either is NULL); the
   * evaluator reads the combined batch where right columns start at {@code leftWidth}.
   */
  static Cond lessThan(int leftCol, int rightCol, int leftWidth) {
    VectorEvaluator ev = (batch, allocator) -> {
      FieldVector a = batch.getVector(leftCol);
      FieldVector b = batch.getVector(leftWidth + rightCol);
      int n = batch.getRowCount();
      BitVector out = new BitVector("cond", allocator);
      out.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Object x = a.getObject(i);
        Object y = b.getObject(i);
        if (x == null || y == null) {
          out.setNull(i);
        } else {
          out.set(i, ((Number) x).longValue() < ((Number) y).longValue() ? 1 : 0);
        }
      }
      out.setValueCount(n);
      return out;
    };
    BiFunction<Object[], Object[], Boolean> ref = (l, r) -> {
      Object x = l[leftCol];
      Object y = r[rightCol];
      if (x == null || y == null) {
        return null;
      }
      return ((Number) x).longValue() < ((Number) y).longValue();
    };
    return new Cond(ev, ref);
  }
}
