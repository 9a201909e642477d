package org.ballista.runtime.aggregate;

import java.util.Arrays;

/**
 * Which groups have received at least one value (the others' SUM/MIN/... is NULL), without a
 * per-row write in the common case: when a batch selects all its rows and every group that existed
 * before the batch was already seen, then every group existing after it is seen too (each new group
 * was created by a row of the batch), so a prefix watermark moves instead. Otherwise the caller
 * marks {@link #array()} per row. Relies on {@link Accumulator#ensureCapacity} being called once
 * per non-empty batch, after the batch's groups were created.
 */
final class SeenFlags {
  private boolean[] seen = new boolean[0];
  private int groups;
  private int previousGroups;
  private int prefix;
  private int filled;

  void ensureCapacity(int groupCount) {
    previousGroups = groups;
    groups = groupCount;
    if (seen.length < groupCount) {
      seen = Arrays.copyOf(seen, Accumulator.newLength(seen.length, groupCount));
    }
  }

  /**
   * For a batch whose rows are all selected: returns true (and marks every group seen) when the
   * caller may skip per-row marking.
   */
  boolean markAllIfDense() {
    if (prefix >= previousGroups) {
      prefix = groups;
      return true;
    }
    return false;
  }

  /** The per-group flags for per-row marking. */
  boolean[] array() {
    return seen;
  }

  /** The flags with the watermark applied, for output. */
  boolean[] materialize() {
    if (filled < prefix) {
      Arrays.fill(seen, filled, prefix, true);
      filled = prefix;
    }
    return seen;
  }
}
