package org.ballista.runtime.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * Appends UTF-8 values row by row straight into a VarCharVector's buffers (no per-row objects).
 * Call {@link #endRow} once per row in order 0..n-1, then {@link #finish}.
 */
final class Utf8Builder implements AutoCloseable {
  private final VarCharVector vectorRef;
  private ArrowBuf data;
  private final ArrowBuf offsets;
  private long pos;
  private boolean finished;

  Utf8Builder(BufferAllocator allocator, int n, long estimatedBytes) {
    VarCharVector v = (VarCharVector) Vectors.newVector(Vectors.field(Results.NAME, DataType.UTF8, true), allocator);
    try {
      v.allocateNew(Math.max(64L, estimatedBytes), Math.max(n, 1));
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
    this.vectorRef = v;
    this.data = v.getDataBuffer();
    this.offsets = v.getOffsetBuffer();
    offsets.setInt(0, 0);
  }

  void ensure(long extra) {
    while (pos + extra > data.capacity()) {
      vectorRef.reallocDataBuffer();
      data = vectorRef.getDataBuffer();
    }
  }

  void append(ArrowBuf src, long start, int len) {
    ensure(len);
    data.setBytes(pos, src, start, len);
    pos += len;
  }

  void append(byte[] bytes) {
    ensure(bytes.length);
    data.setBytes(pos, bytes, 0, bytes.length);
    pos += bytes.length;
  }

  /** Appends a byte; the caller has called {@link #ensure} for it. */
  void put(int b) {
    data.setByte(pos++, b);
  }

  void endRow(int row) {
    offsets.setInt((row + 1L) * 4, (int) pos);
  }

  /** Transfers the vector to the caller, with the given validity (null = all valid). */
  VarCharVector finish(long[] valid, int n) {
    Bitmaps.writeValidity(vectorRef, valid, n);
    vectorRef.setLastSet(n - 1);
    vectorRef.setValueCount(n);
    finished = true;
    return vectorRef;
  }

  @Override
  public void close() {
    if (!finished) {
      vectorRef.close();
    }
  }
}
