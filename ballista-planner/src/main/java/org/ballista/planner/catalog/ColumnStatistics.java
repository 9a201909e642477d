package org.ballista.planner.catalog;

/**
 * Estimated statistics of one column: its number of distinct values and whether the column looks
 * like a key (every value distinct).
 */
public record ColumnStatistics(double distinctCount, boolean unique) {
  public static final ColumnStatistics UNKNOWN = new ColumnStatistics(-1, false);
}
