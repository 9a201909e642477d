package org.ballista.runtime.expr;

import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.runtime.vector.Vectors;

/**
 * Compiles {@link Expr} trees into {@link VectorEvaluator}s. (Stub: column references only; the
 * full compiler replaces this.)
 */
public final class ExpressionCompiler {
  private ExpressionCompiler() {}

  public static VectorEvaluator compile(Expr expr, Schema inputSchema) {
    if (expr instanceof Expr.Column c) {
      int index = c.index();
      return (batch, allocator) -> Vectors.share(batch.getVector(index), batch.getRowCount(), allocator);
    }
    throw BallistaException.unsupported("expression not supported yet: " + expr);
  }
}
