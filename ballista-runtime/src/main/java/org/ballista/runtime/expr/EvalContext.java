package org.ballista.runtime.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One evaluation of a compiled expression over one batch. {@code active} is a row mask (bit i of
 * word i/64) of the rows whose values matter, or null for all rows: nodes may compute anything for
 * inactive rows but must not raise errors (division by zero, overflow, bad casts) for them. CASE,
 * COALESCE and AND/OR narrow the mask for the sub-expressions they guard.
 */
record EvalContext(VectorSchemaRoot batch, BufferAllocator allocator, int rowCount, long[] active) {

  EvalContext withActive(long[] mask) {
    return new EvalContext(batch, allocator, rowCount, mask);
  }

  boolean isActive(int row) {
    return active == null || (active[row >>> 6] & (1L << row)) != 0;
  }
}
