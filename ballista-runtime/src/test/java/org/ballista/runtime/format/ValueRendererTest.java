package org.ballista.runtime.format;

import static org.ballista.runtime.format.TestResults.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.QueryResult;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;

class ValueRendererTest {
  @Test
  void doublesUsePlainNotationWithinRange() {
    assertEquals("0.1", ValueRenderer.formatDouble(0.1));
    assertEquals("2.0", ValueRenderer.formatDouble(2.0));
    assertEquals("-0.0", ValueRenderer.formatDouble(-0.0));
    assertEquals("10000000000.0", ValueRenderer.formatDouble(1e10));
    assertEquals("12345678.9", ValueRenderer.formatDouble(12345678.9));
    assertEquals("0.000015", ValueRenderer.formatDouble(1.5e-5));
    assertEquals("-0.00012345", ValueRenderer.formatDouble(-1.2345e-4));
    assertEquals("100000000000000000000.0", ValueRenderer.formatDouble(1e20));
    assertEquals("1.0E21", ValueRenderer.formatDouble(1e21));
    assertEquals("1.0E-10", ValueRenderer.formatDouble(1e-10));
    assertEquals("NaN", ValueRenderer.formatDouble(Double.NaN));
    assertEquals("-Infinity", ValueRenderer.formatDouble(Double.NEGATIVE_INFINITY));
  }

  @Test
  void rendersEveryEngineType() {
    try (BufferAllocator allocator = new RootAllocator();
        QueryResult r = new TestResults(allocator)
            .field("b", DataType.BOOL).field("i", DataType.INT32).field("l", DataType.INT64)
            .field("d", DataType.FLOAT64).field("m", DataType.decimal(38, 3)).field("t", DataType.DATE)
            .field("s", DataType.UTF8).field("n", DataType.NULL)
            .batch(col(true, null), col(Integer.MIN_VALUE, null), col(Long.MAX_VALUE, null), col(1e7, null),
                col("-12345678901234567890123.000", null), col("1995-03-15", null), col("日本", null),
                col(null, null))
            .build()) {
      VectorSchemaRoot batch = r.batches().get(0);
      String[] expected = {"true", "-2147483648", "9223372036854775807", "10000000.0",
          "-12345678901234567890123.000", "1995-03-15", "日本", null};
      for (int c = 0; c < expected.length; c++) {
        assertEquals(expected[c], ValueRenderer.render(batch.getVector(c), 0), "column " + c);
        assertNull(ValueRenderer.render(batch.getVector(c), 1), "null in column " + c);
      }
      assertTrue(ValueRenderer.isNumeric(batch.getVector("m").getField().getType()));
      assertFalse(ValueRenderer.isNumeric(batch.getVector("t").getField().getType()));
    }
  }
}
