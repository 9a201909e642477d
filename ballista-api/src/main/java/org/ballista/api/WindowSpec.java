package org.ballista.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The window of a window function in the DataFrame API: its partitioning, order and frame, rendered
 * as the text of an SQL {@code OVER (...)} clause.
 *
 * <pre>{@code
 * WindowSpec w = WindowSpec.partitionBy(col("o_custkey")).orderBy(col("o_orderdate").asc());
 * frame.select(col("o_orderkey"), rowNumber().over(w).as("n"),
 *     sum(col("o_totalprice")).over(w.rowsBetween(-2, WindowSpec.CURRENT_ROW)).as("last3"));
 * }</pre>
 *
 * <p>Frame bounds are row offsets from the current row: negative = preceding, positive =
 * following, {@link #CURRENT_ROW}, {@link #UNBOUNDED_PRECEDING}, {@link #UNBOUNDED_FOLLOWING}.
 * Immutable.
 */
public final class WindowSpec {
  public static final long UNBOUNDED_PRECEDING = Long.MIN_VALUE;
  public static final long UNBOUNDED_FOLLOWING = Long.MAX_VALUE;
  public static final long CURRENT_ROW = 0;

  private final List<String> partitionBy;
  private final List<String> orderBy;
  private final String frame;

  private WindowSpec(List<String> partitionBy, List<String> orderBy, String frame) {
    this.partitionBy = List.copyOf(partitionBy);
    this.orderBy = List.copyOf(orderBy);
    this.frame = frame;
  }

  /** A window over the whole result (one partition), in no particular order. */
  public static WindowSpec all() {
    return new WindowSpec(List.of(), List.of(), null);
  }

  public static WindowSpec partitionBy(Expression... keys) {
    return all().andPartitionBy(keys);
  }

  public static WindowSpec orderedBy(Expression... keys) {
    return all().orderBy(keys);
  }

  /** More partition keys. */
  public WindowSpec andPartitionBy(Expression... keys) {
    List<String> p = new ArrayList<>(partitionBy);
    for (Expression k : keys) {
      p.add(k.toSql());
    }
    return new WindowSpec(p, orderBy, frame);
  }

  /** The order within each partition (use {@code asc()}/{@code desc()} on the keys for the direction). */
  public WindowSpec orderBy(Expression... keys) {
    List<String> o = new ArrayList<>(orderBy);
    for (Expression k : keys) {
      o.add(k.toSql());
    }
    return new WindowSpec(partitionBy, o, frame);
  }

  /** A ROWS frame from {@code start} to {@code end} rows around the current row. */
  public WindowSpec rowsBetween(long start, long end) {
    return new WindowSpec(partitionBy, orderBy, "ROWS BETWEEN " + bound(start) + " AND " + bound(end));
  }

  /**
   * A RANGE frame (the current row's peers count as the current row); only {@link
   * #UNBOUNDED_PRECEDING}, {@link #CURRENT_ROW} and {@link #UNBOUNDED_FOLLOWING} are supported.
   */
  public WindowSpec rangeBetween(long start, long end) {
    return new WindowSpec(partitionBy, orderBy, "RANGE BETWEEN " + bound(start) + " AND " + bound(end));
  }

  private static String bound(long offset) {
    if (offset == UNBOUNDED_PRECEDING) {
      return "UNBOUNDED PRECEDING";
    }
    if (offset == UNBOUNDED_FOLLOWING) {
      return "UNBOUNDED FOLLOWING";
    }
    if (offset == CURRENT_ROW) {
      return "CURRENT ROW";
    }
    return offset < 0 ? -offset + " PRECEDING" : offset + " FOLLOWING";
  }

  /** The text inside {@code OVER (...)}. */
  public String toSql() {
    List<String> parts = new ArrayList<>();
    if (!partitionBy.isEmpty()) {
      parts.add("PARTITION BY " + String.join(", ", partitionBy));
    }
    if (!orderBy.isEmpty()) {
      parts.add("ORDER BY " + String.join(", ", orderBy));
    }
    if (frame != null) {
      parts.add(frame);
    }
    return String.join(" ", parts);
  }

  @Override
  public String toString() {
    return "OVER (" + toSql() + ")";
  }
}
