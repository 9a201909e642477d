package org.ballista.runtime.expr;

import org.apache.arrow.vector.FieldVector;

/** An operand vector during one evaluation: either owned (closed by {@link #close}) or borrowed from the batch. */
record Arg(FieldVector vector, boolean owned) implements AutoCloseable {
  @Override
  public void close() {
    if (owned) {
      vector.close();
    }
  }
}
