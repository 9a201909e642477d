package org.ballista.tpch;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.VarCharVector;

/**
 * Writes Java strings into a {@link VarCharVector} through a reusable scratch array, so the
 * (ASCII) TPC-H text needs no byte array per value. Not thread-safe: one per batch writer.
 */
final class Utf8Writer {
  private byte[] scratch = new byte[256];

  /** Sets {@code value} at {@code row}, growing the vector's data buffer as needed. */
  void set(VarCharVector vector, int row, String value) {
    int n = value.length();
    if (n > scratch.length) {
      scratch = new byte[Math.max(n, scratch.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        vector.setSafe(row, utf8, 0, utf8.length);
        return;
      }
      scratch[i] = (byte) c;
    }
    vector.setSafe(row, scratch, 0, n);
  }

  /** Sets the one-character string {@code value} at {@code row}. */
  void set(VarCharVector vector, int row, char value) {
    if (value >= 0x80) {
      set(vector, row, String.valueOf(value));
      return;
    }
    scratch[0] = (byte) value;
    vector.setSafe(row, scratch, 0, 1);
  }
}
