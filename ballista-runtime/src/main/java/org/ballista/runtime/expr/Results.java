package org.ballista.runtime.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.VarCharVector;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/** Allocation of result vectors. */
final class Results {
  static final String NAME = "expr";

  private Results() {}

  /** A vector of {@code type} with room for n values (value count not yet set), owned by the caller. */
  static FieldVector allocate(DataType type, int n, BufferAllocator allocator) {
    FieldVector v = Vectors.newVector(Vectors.field(NAME, type, true), allocator);
    try {
      if (v instanceof BaseFixedWidthVector f) {
        f.allocateNew(Math.max(n, 1));
      } else if (v instanceof VarCharVector s) {
        s.allocateNew(Math.max(64L, n * 8L), Math.max(n, 1));
      } else if (!(v instanceof NullVector)) {
        v.allocateNew();
      }
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /** n NULLs of {@code type}. */
  static FieldVector allNull(DataType type, int n, BufferAllocator allocator) {
    FieldVector v = allocate(type, n, allocator);
    if (v instanceof VarCharVector s) {
      s.getOffsetBuffer().setZero(0, (n + 1L) * 4);
      s.setLastSet(n - 1);
    }
    if (!(v instanceof NullVector)) {
      v.getValidityBuffer().setZero(0, v.getValidityBuffer().capacity());
    }
    v.setValueCount(n);
    return v;
  }

  /** Sets the value count after validity and data were written directly. */
  static FieldVector finish(FieldVector v, long[] valid, int n) {
    if (!(v instanceof NullVector)) {
      Bitmaps.writeValidity(v, valid, n);
    }
    v.setValueCount(n);
    return v;
  }
}
