package org.ballista.runtime.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A compiled expression: evaluates a whole batch at once. The result has {@code
 * batch.getRowCount()} values, is allocated from {@code allocator} and is owned by the caller (a
 * column reference returns a zero-copy shared view, still to be closed by the caller).
 * Implementations are immutable and thread-safe.
 */
public interface VectorEvaluator {
  FieldVector evaluate(VectorSchemaRoot batch, BufferAllocator allocator);
}
