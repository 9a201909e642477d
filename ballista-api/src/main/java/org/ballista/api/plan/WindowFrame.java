package org.ballista.api.plan;

import java.util.Objects;

/**
 * The rows of a partition a window aggregate covers, relative to the current row. {@code ROWS}
 * counts rows; {@code RANGE} with CURRENT ROW bounds includes the current row's peers (rows equal
 * in the window's order keys). RANGE with a numeric offset is not supported.
 *
 * <p>SQL's default frame is {@link #RANGE_UNBOUNDED_TO_CURRENT} when the window has ORDER BY and
 * {@link #WHOLE_PARTITION} when it has none.
 */
public record WindowFrame(Units units, Bound lower, Bound upper) {
  public WindowFrame {
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (lower.kind() == BoundKind.UNBOUNDED_FOLLOWING || upper.kind() == BoundKind.UNBOUNDED_PRECEDING) {
      throw new IllegalArgumentException("invalid window frame " + lower + " .. " + upper);
    }
  }

  public enum Units { ROWS, RANGE }

  public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

  /** A frame bound; {@code offset} (≥ 0) is used by PRECEDING and FOLLOWING only. */
  public record Bound(BoundKind kind, long offset) {
    public Bound {
      Objects.requireNonNull(kind, "kind");
      if (offset < 0) {
        throw new IllegalArgumentException("frame offset must be >= 0: " + offset);
      }
    }

    public static Bound unboundedPreceding() {
      return new Bound(BoundKind.UNBOUNDED_PRECEDING, 0);
    }

    public static Bound preceding(long n) {
      return new Bound(BoundKind.PRECEDING, n);
    }

    public static Bound currentRow() {
      return new Bound(BoundKind.CURRENT_ROW, 0);
    }

    public static Bound following(long n) {
      return new Bound(BoundKind.FOLLOWING, n);
    }

    public static Bound unboundedFollowing() {
      return new Bound(BoundKind.UNBOUNDED_FOLLOWING, 0);
    }
  }

  /** RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: running totals including peers. */
  public static final WindowFrame RANGE_UNBOUNDED_TO_CURRENT =
      new WindowFrame(Units.RANGE, Bound.unboundedPreceding(), Bound.currentRow());

  /** Every row of the partition. */
  public static final WindowFrame WHOLE_PARTITION =
      new WindowFrame(Units.ROWS, Bound.unboundedPreceding(), Bound.unboundedFollowing());
}
