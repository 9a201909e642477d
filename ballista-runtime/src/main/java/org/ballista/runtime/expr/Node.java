package org.ballista.runtime.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.types.DataType;

/**
 * A compiled expression node. {@link #eval} returns a new vector of {@code ctx.rowCount()} values
 * of {@link #type}, owned by the caller. Immutable and thread-safe.
 */
abstract class Node implements VectorEvaluator {
  final DataType type;

  Node(DataType type) {
    this.type = type;
  }

  abstract FieldVector eval(EvalContext ctx);

  /** The result as an operand: column references borrow the batch's vector instead of sharing it. */
  Arg arg(EvalContext ctx) {
    return new Arg(eval(ctx), true);
  }

  /** Whether evaluating may raise a data-dependent error (so guarding constructs narrow the row mask). */
  boolean canFail() {
    return false;
  }

  @Override
  public final FieldVector evaluate(VectorSchemaRoot batch, BufferAllocator allocator) {
    return eval(new EvalContext(batch, allocator, batch.getRowCount(), null));
  }
}
