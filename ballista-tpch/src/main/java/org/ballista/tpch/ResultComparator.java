package org.ballista.tpch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.QueryResult;

/**
 * Compares a query result with an expected answer by the rule of {@code tpch/README.md}: same row
 * count, same column count, rows in order; a numeric cell matches when {@code |expected - actual| <=
 * 0.01} or within a relative 1e-6; dates as {@code yyyy-mm-dd}; other values as strings after
 * trimming; NULL is an empty cell. Column names are not compared (only their count).
 */
public final class ResultComparator {
  public static final BigDecimal ABSOLUTE_TOLERANCE = new BigDecimal("0.01");
  public static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-6");
  public static final int DEFAULT_MAX_MISMATCHES = 20;

  private final int maxMismatches;

  public ResultComparator() {
    this(DEFAULT_MAX_MISMATCHES);
  }

  /** A comparator that stops after {@code maxMismatches} cell mismatches. */
  public ResultComparator(int maxMismatches) {
    if (maxMismatches < 1) {
      throw new IllegalArgumentException("maxMismatches must be >= 1, got " + maxMismatches);
    }
    this.maxMismatches = maxMismatches;
  }

  /**
   * One difference. {@code row} is the 1-based data row, or 0 for a difference in shape (then
   * {@code column} is {@code "row count"} or {@code "column count"}).
   */
  public record Mismatch(int row, String column, String expected, String actual) {
    @Override
    public String toString() {
      if (row == 0) {
        return column + ": expected " + expected + ", actual " + actual;
      }
      return "row " + row + ", column " + column + ": expected '" + expected + "', actual '" + actual + "'";
    }
  }

  /** The differences between {@code expected} and {@code actual}; empty when they match. */
  public List<Mismatch> compare(CsvTable expected, QueryResult actual) {
    List<Mismatch> out = new ArrayList<>();
    int columns = actual.schema().getFields().size();
    if (columns != expected.columns().size()) {
      out.add(new Mismatch(0, "column count", expected.columns().size() + " " + expected.columns(),
          columns + " " + actual.schema().getFields().stream().map(f -> f.getName()).toList()));
      return out;
    }
    if (actual.rowCount() != expected.rowCount()) {
      out.add(new Mismatch(0, "row count", Integer.toString(expected.rowCount()), Long.toString(actual.rowCount())));
    }
    int row = 0;
    for (VectorSchemaRoot batch : actual.batches()) {
      List<FieldVector> vectors = batch.getFieldVectors();
      for (int r = 0; r < batch.getRowCount() && row < expected.rowCount(); r++, row++) {
        List<String> want = expected.rows().get(row);
        for (int c = 0; c < columns; c++) {
          Object value = ArrowValues.get(vectors.get(c), r);
          if (!cellMatches(want.get(c), value)) {
            out.add(new Mismatch(row + 1, expected.columns().get(c), want.get(c), describe(value)));
            if (out.size() >= maxMismatches) {
              return out;
            }
          }
        }
      }
    }
    return out;
  }

  /** Whether {@code actual} (a value from {@link ArrowValues}) matches the answer cell {@code expected}. */
  public static boolean cellMatches(String expected, Object actual) {
    String want = expected.trim();
    if (actual == null) {
      return want.isEmpty();
    }
    if (actual instanceof Number number) {
      if (want.isEmpty()) {
        return false;
      }
      BigDecimal e;
      try {
        e = new BigDecimal(want);
      } catch (NumberFormatException ex) {
        return false;
      }
      BigDecimal a;
      if (number instanceof BigDecimal d) {
        a = d;
      } else if (number instanceof Double || number instanceof Float) {
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          return false;
        }
        a = BigDecimal.valueOf(d);
      } else {
        a = BigDecimal.valueOf(number.longValue());
      }
      BigDecimal diff = e.subtract(a).abs();
      if (diff.compareTo(ABSOLUTE_TOLERANCE) <= 0) {
        return true;
      }
      BigDecimal scale = e.abs().max(a.abs());
      return diff.compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
    }
    if (actual instanceof Boolean b) {
      return want.equalsIgnoreCase(b.toString());
    }
    return want.equals(actual.toString().trim());
  }

  private static String describe(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return value.toString();
  }
}
