package org.ballista.runtime.expr;

import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/** A column reference: a zero-copy shared view of the batch's vector. */
final class ColumnNode extends Node {
  final int index;

  ColumnNode(int index, DataType type) {
    super(type);
    this.index = index;
  }

  @Override
  FieldVector eval(EvalContext ctx) {
    return Vectors.share(ctx.batch().getVector(index), ctx.rowCount(), ctx.allocator());
  }

  @Override
  Arg arg(EvalContext ctx) {
    return new Arg(ctx.batch().getVector(index), false);
  }
}
