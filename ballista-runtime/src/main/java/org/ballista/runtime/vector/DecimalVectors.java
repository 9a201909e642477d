package org.ballista.runtime.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.DecimalVector;

/**
 * Fast access to DECIMAL values whose unscaled value fits in a {@code long} (precision ≤ 18): Arrow
 * stores them as 16-byte little-endian two's complement, so the low 8 bytes are the value and the
 * high 8 bytes its sign extension. No BigDecimal is created.
 */
public final class DecimalVectors {
  private DecimalVectors() {}

  /** The unscaled value at {@code index} (the caller checks validity). */
  public static long getLong(DecimalVector vector, int index) {
    return vector.getDataBuffer().getLong((long) index * DecimalVector.TYPE_WIDTH);
  }

  /** Reads from a raw data buffer, for loops that hoist the buffer. */
  public static long getLong(ArrowBuf data, int index) {
    return data.getLong((long) index * DecimalVector.TYPE_WIDTH);
  }

  /** Writes an unscaled value and marks it valid; the vector must have capacity for {@code index}. */
  public static void setLong(DecimalVector vector, int index, long unscaled) {
    ArrowBuf data = vector.getDataBuffer();
    long offset = (long) index * DecimalVector.TYPE_WIDTH;
    data.setLong(offset, unscaled);
    data.setLong(offset + 8, unscaled < 0 ? -1L : 0L);
    vector.setIndexDefined(index);
  }

  /** Writes into a raw data buffer without touching validity. */
  public static void setLong(ArrowBuf data, int index, long unscaled) {
    long offset = (long) index * DecimalVector.TYPE_WIDTH;
    data.setLong(offset, unscaled);
    data.setLong(offset + 8, unscaled < 0 ? -1L : 0L);
  }

  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /** 10^n for 0 ≤ n ≤ 18. */
  public static long powerOfTen(int n) {
    return POWERS_OF_TEN[n];
  }
}
