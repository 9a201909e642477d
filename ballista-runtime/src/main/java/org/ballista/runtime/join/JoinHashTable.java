package org.ballista.runtime.join;

import java.util.Arrays;

/**
 * Hash table over the build rows of a join, keyed on the normalized keys of a {@link KeyBuffer}.
 *
 * <p>Layout: an open-addressing (linear probing) table of distinct keys, interleaved as {@code
 * [key or hash, head row + 1]} pairs in one {@code long[]} (one cache line per probe), plus {@code
 * next[row]} chaining the build rows with an equal key in ascending row order (DuckDB/Velox-style
 * row chains). Three modes:
 *
 * <ul>
 *   <li>EXACT — one fixed-width key: the slot holds the key value itself; rows whose null-safe key
 *       is NULL form a separate chain.
 *   <li>PACKED — several fixed-width keys whose build-side value ranges fit together in 64 bits:
 *       each key is offset by its build minimum and bit-packed into one long (probe values outside
 *       the build range cannot match).
 *   <li>GENERIC — anything else (strings, wide decimals, wide ranges): the slot holds a 64-bit hash
 *       and candidates are verified key by key against the build {@link KeyBuffer}.
 * </ul>
 *
 * Build rows whose status is not OK are not inserted; those with a NULL key are listed in {@link
 * #nullKeyRows()} (for NOT IN semantics). Immutable after construction, so probes may run
 * concurrently, each with its own probe {@link KeyBuffer} and scratch arrays.
 */
final class JoinHashTable {
  private enum Mode { EXACT, PACKED, GENERIC }

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final Mode mode;
  private final long[] table;
  private final int mask;
  private final int shift;
  private final int[] next;
  private final int nullSafeNullHead;
  private final int[] nullKeyRows;
  private final KeyBuffer buildKeys;
  // PACKED
  private final long[] min;
  private final long[] max;
  private final int[] width;

  private JoinHashTable(Mode mode, int capacity, int rows, KeyBuffer buildKeys, long[] min, long[] max, int[] width,
      int[] nullKeyRows, long[] keyOrHash) {
    this.mode = mode;
    int cap = capacity;
    this.table = new long[cap * 2];
    this.mask = cap - 1;
    this.shift = 64 - Integer.numberOfTrailingZeros(cap);
    this.next = new int[rows];
    this.buildKeys = mode == Mode.GENERIC ? buildKeys : null;
    this.min = min;
    this.max = max;
    this.width = width;
    this.nullKeyRows = nullKeyRows;
    byte[] status = buildKeys.status;
    byte[] nulls0 = buildKeys.isNull[0];
    int nsHead = -1;
    // Descending insertion with head prepending leaves every chain in ascending row order.
    for (int r = rows - 1; r >= 0; r--) {
      if (status[r] != KeyBuffer.OK) {
        next[r] = -1;
        continue;
      }
      if (mode == Mode.EXACT && nulls0[r] != 0) {
        next[r] = nsHead;
        nsHead = r;
        continue;
      }
      long k = keyOrHash[r];
      int s = slot(k);
      while (true) {
        int at = s << 1;
        long head = table[at + 1];
        if (head == 0) {
          table[at] = k;
          table[at + 1] = r + 1;
          next[r] = -1;
          break;
        }
        if (table[at] == k && (mode != Mode.GENERIC || KeyBuffer.keysEqual(buildKeys, (int) head - 1, buildKeys, r))) {
          next[r] = (int) head - 1;
          table[at + 1] = r + 1;
          break;
        }
        s = (s + 1) & mask;
      }
    }
    this.nullSafeNullHead = nsHead;
  }

  /** Builds the table over all rows loaded in {@code buildKeys}. */
  static JoinHashTable build(KeyBuffer buildKeys) {
    JoinKeys keys = buildKeys.keys();
    int rows = buildKeys.rows;
    int ok = 0;
    int nullKeys = 0;
    for (int r = 0; r < rows; r++) {
      if (buildKeys.status[r] == KeyBuffer.OK) {
        ok++;
      } else if (buildKeys.status[r] == KeyBuffer.NULL_KEY) {
        nullKeys++;
      }
    }
    int[] nullKeyRows = new int[nullKeys];
    for (int r = 0, i = 0; r < rows; r++) {
      if (buildKeys.status[r] == KeyBuffer.NULL_KEY) {
        nullKeyRows[i++] = r;
      }
    }
    long want = Math.max(4L, (long) ok + (ok >> 1));
    if (want > (1 << 29)) {
      throw org.ballista.api.BallistaException.execution("join build side too large for one hash table: " + ok + " rows");
    }
    int capacity = Integer.highestOneBit((int) want - 1) << 1;
    if (keys.count == 1 && keys.kinds[0] == JoinKeys.Kind.LONG) {
      return new JoinHashTable(Mode.EXACT, capacity, rows, buildKeys, null, null, null, nullKeyRows, buildKeys.values[0]);
    }
    if (keys.allLong()) {
      long[] min = new long[keys.count];
      long[] max = new long[keys.count];
      int[] width = new int[keys.count];
      if (packing(buildKeys, min, max, width)) {
        long[] packed = new long[rows];
        pack(buildKeys, rows, min, max, width, keys.nullSafe, packed, buildKeys.status, false);
        return new JoinHashTable(Mode.PACKED, capacity, rows, buildKeys, min, max, width, nullKeyRows, packed);
      }
    }
    long[] hashes = new long[rows];
    buildKeys.hashes(hashes);
    return new JoinHashTable(Mode.GENERIC, capacity, rows, buildKeys, null, null, null, nullKeyRows, hashes);
  }

  /** Computes per-key ranges and bit widths; false when they do not fit in 64 bits together. */
  private static boolean packing(KeyBuffer b, long[] min, long[] max, int[] width) {
    JoinKeys keys = b.keys();
    int total = 0;
    for (int c = 0; c < keys.count; c++) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      long[] v = b.values[c];
      byte[] nulls = b.isNull[c];
      for (int r = 0; r < b.rows; r++) {
        if (b.status[r] == KeyBuffer.OK && nulls[r] == 0) {
          long x = v[r];
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      if (lo > hi) {
        lo = 0;
        hi = 0;
      }
      min[c] = lo;
      max[c] = hi;
      long span;
      try {
        span = Math.addExact(Math.subtractExact(hi, lo), keys.nullSafe[c] ? 2 : 1);
      } catch (ArithmeticException e) {
        return false;
      }
      width[c] = 64 - Long.numberOfLeadingZeros(span - 1);
      total += width[c];
      if (total > 64) {
        return false;
      }
    }
    return true;
  }

  /** Packs each OK row's keys into {@code out}; values outside the build range make a probe row NO_MATCH. */
  private static void pack(KeyBuffer b, int rows, long[] min, long[] max, int[] width, boolean[] nullSafe,
      long[] out, byte[] status, boolean checkRange) {
    Arrays.fill(out, 0, rows, 0L);
    for (int c = 0; c < min.length; c++) {
      long[] v = b.values[c];
      byte[] nulls = b.isNull[c];
      long lo = min[c];
      long hi = max[c];
      int w = width[c];
      long base = nullSafe[c] ? 1 : 0;
      for (int r = 0; r < rows; r++) {
        long code;
        if (nulls[r] != 0) {
          code = 0;
        } else {
          long x = v[r];
          if (checkRange && (x < lo || x > hi)) {
            if (status[r] == KeyBuffer.OK) {
              status[r] = KeyBuffer.NO_MATCH;
            }
            continue;
          }
          code = x - lo + base;
        }
        if (w == 64) {
          out[r] = code;
        } else if (w > 0) {
          out[r] = (out[r] << w) | code;
        }
      }
    }
  }

  private int slot(long k) {
    return (int) ((k * GOLDEN) >>> shift);
  }

  /**
   * For each of the first {@code probe.rows} rows: the first build row with an equal key, or -1
   * (always -1 for rows whose status is not OK). {@code scratch} must hold at least that many longs.
   */
  void probe(KeyBuffer probe, int[] heads, long[] scratch) {
    int rows = probe.rows;
    byte[] status = probe.status;
    switch (mode) {
      case EXACT -> {
        long[] v = probe.values[0];
        byte[] nulls = probe.isNull[0];
        // Probe inputs are often clustered on the key (lineitem by orderkey): reuse the previous
        // row's lookup when the key repeats.
        long lastKey = 0;
        int lastHead = -1;
        boolean haveLast = false;
        for (int r = 0; r < rows; r++) {
          if (status[r] != KeyBuffer.OK) {
            heads[r] = -1;
          } else if (nulls[r] != 0) {
            heads[r] = nullSafeNullHead;
          } else {
            long k = v[r];
            if (!haveLast || k != lastKey) {
              lastKey = k;
              lastHead = findExact(k);
              haveLast = true;
            }
            heads[r] = lastHead;
          }
        }
      }
      case PACKED -> {
        pack(probe, rows, min, max, width, probe.keys().nullSafe, scratch, status, true);
        long lastKey = 0;
        int lastHead = -1;
        boolean haveLast = false;
        for (int r = 0; r < rows; r++) {
          if (status[r] != KeyBuffer.OK) {
            heads[r] = -1;
          } else {
            long k = scratch[r];
            if (!haveLast || k != lastKey) {
              lastKey = k;
              lastHead = findExact(k);
              haveLast = true;
            }
            heads[r] = lastHead;
          }
        }
      }
      case GENERIC -> {
        probe.hashes(scratch);
        for (int r = 0; r < rows; r++) {
          heads[r] = status[r] != KeyBuffer.OK ? -1 : findGeneric(scratch[r], probe, r);
        }
      }
    }
  }

  private int findExact(long k) {
    int s = slot(k);
    long[] t = table;
    while (true) {
      int at = s << 1;
      long head = t[at + 1];
      if (head == 0) {
        return -1;
      }
      if (t[at] == k) {
        return (int) head - 1;
      }
      s = (s + 1) & mask;
    }
  }

  private int findGeneric(long h, KeyBuffer probe, int row) {
    int s = slot(h);
    long[] t = table;
    while (true) {
      int at = s << 1;
      long head = t[at + 1];
      if (head == 0) {
        return -1;
      }
      if (t[at] == h && KeyBuffer.keysEqual(buildKeys, (int) head - 1, probe, row)) {
        return (int) head - 1;
      }
      s = (s + 1) & mask;
    }
  }

  /** The build row after {@code row} with an equal key, or -1. */
  int next(int row) {
    return next[row];
  }

  int[] nextArray() {
    return next;
  }

  /** Build rows with a NULL (non-null-safe) key, ascending. */
  int[] nullKeyRows() {
    return nullKeyRows;
  }

  String mode() {
    return mode.name();
  }
}
