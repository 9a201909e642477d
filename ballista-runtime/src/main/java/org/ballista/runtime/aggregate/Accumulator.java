package org.ballista.runtime.aggregate;

import org.apache.arrow.vector.FieldVector;

/**
 * The per-group state of one aggregate call, kept in primitive arrays indexed by group id and
 * updated column-wise for a whole batch at a time.
 *
 * <p>Contract: {@link #ensureCapacity} is called with the group count once per non-empty input batch,
 * after that batch's new groups were created and before {@link #update} (which is skipped when the
 * batch selects no row for this call);
 * {@code update} adds the rows {@code sel[0, n)} (or {@code [0, n)} when {@code sel} is null) of
 * the batch to the groups {@code groupIds[row]}; the selection already excludes rows that fail the
 * FILTER, have a NULL argument, or were dropped by DISTINCT. Output methods write groups {@code
 * [from, from + count)} into rows {@code [0, count)} of freshly allocated vectors (NULLs left unset).
 */
interface Accumulator {
  void ensureCapacity(int groups);

  void update(BatchInput input, int[] groupIds, int[] sel, int n);

  /** Number of state columns this call contributes to PARTIAL output. */
  int stateWidth();

  /** Writes the PARTIAL state columns into {@code out[first], out[first + 1], ...}. */
  void writeState(FieldVector[] out, int first, int from, int count);

  /** Writes the final value (of the call's result type). */
  void writeFinal(FieldVector out, int from, int count);

  /** Grows an array to hold at least {@code groups} entries (doubling). */
  static int newLength(int current, int groups) {
    return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(groups, Math.max(16L, current * 2L)));
  }
}
