package org.ballista.runtime.operators;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.runtime.vector.VectorTake;

/**
 * Row selection by a boolean mask: a row is selected when the mask is valid (not NULL) and true.
 * Works 64 rows at a time on the mask's validity and data buffers.
 */
public final class Selection {
  private Selection() {}

  /** How many of the first {@code rowCount} rows the mask selects. */
  public static int count(BitVector mask, int rowCount) {
    ArrowBuf data = mask.getDataBuffer();
    ArrowBuf valid = mask.getValidityBuffer();
    int bytes = (rowCount + 7) >>> 3;
    int words = bytes >>> 3;
    int total = 0;
    for (int w = 0; w < words; w++) {
      long offset = (long) w << 3;
      total += Long.bitCount(data.getLong(offset) & valid.getLong(offset));
    }
    for (int b = words << 3; b < bytes; b++) {
      int bits = data.getByte(b) & valid.getByte(b) & 0xFF;
      int rowsInByte = Math.min(8, rowCount - (b << 3));
      total += Integer.bitCount(bits & ((1 << rowsInByte) - 1));
    }
    return total;
  }

  /** The indices of the selected rows among the first {@code rowCount}, ascending. */
  public static int[] selectedRows(BitVector mask, int rowCount) {
    int[] rows = new int[count(mask, rowCount)];
    ArrowBuf data = mask.getDataBuffer();
    ArrowBuf valid = mask.getValidityBuffer();
    int bytes = (rowCount + 7) >>> 3;
    int words = bytes >>> 3;
    int n = 0;
    for (int w = 0; w < words; w++) {
      long offset = (long) w << 3;
      long bits = data.getLong(offset) & valid.getLong(offset);
      int base = w << 6;
      while (bits != 0) {
        rows[n++] = base + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
      }
    }
    for (int b = words << 3; b < bytes; b++) {
      int rowsInByte = Math.min(8, rowCount - (b << 3));
      int bits = data.getByte(b) & valid.getByte(b) & ((1 << rowsInByte) - 1);
      while (bits != 0) {
        rows[n++] = (b << 3) + Integer.numberOfTrailingZeros(bits);
        bits &= bits - 1;
      }
    }
    return rows;
  }

  /**
   * A new batch holding the rows of {@code batch} that {@code mask} selects, allocated from {@code
   * allocator} and owned by the caller; {@code batch} and {@code mask} stay owned by the caller.
   */
  public static VectorSchemaRoot filter(VectorSchemaRoot batch, BitVector mask, BufferAllocator allocator) {
    int[] rows = selectedRows(mask, batch.getRowCount());
    return VectorTake.take(batch, rows, rows.length, allocator);
  }
}
