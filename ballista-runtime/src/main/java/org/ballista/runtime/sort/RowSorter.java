package org.ballista.runtime.sort;

import java.util.Arrays;

/**
 * Sorts row ids by a list of key columns, cache-friendly: for the current key, NULL rows are split
 * off (stable), the non-null rows are ordered by their {@code long} prefix with an LSD radix sort
 * over contiguous arrays (byte digits that are equal for all rows are skipped), and each run of
 * equal prefixes is then sorted by the next key recursively (exact prefixes) or by the comparator
 * (inexact prefixes such as strings). Ranges of at most {@value #SMALL} rows use the comparator
 * directly. The result is stable: ties keep their relative input order.
 */
final class RowSorter {
  private static final int SMALL = 64;

  private final KeyColumn[] keys;
  /** suffix[k] compares keys k, k+1, ... */
  private final IntComparator[] suffix;

  RowSorter(KeyColumn[] keys) {
    this.keys = keys.clone();
    this.suffix = new IntComparator[keys.length + 1];
    suffix[keys.length] = (a, b) -> 0;
    for (int k = keys.length - 1; k >= 0; k--) {
      KeyColumn key = keys[k];
      IntComparator rest = suffix[k + 1];
      suffix[k] = k == keys.length - 1 ? key : (a, b) -> {
        int c = key.compare(a, b);
        return c != 0 ? c : rest.compare(a, b);
      };
    }
  }

  /** Sorts {@code ids[from, to)}. */
  void sort(int[] ids, int from, int to) {
    sortRange(ids, from, to, 0);
  }

  private void sortRange(int[] ids, int lo, int hi, int k) {
    if (hi - lo < 2 || k >= keys.length) {
      return;
    }
    if (hi - lo <= SMALL) {
      IntSort.sort(ids, lo, hi, suffix[k]);
      return;
    }
    KeyColumn key = keys[k];
    int valuesLo = lo;
    int valuesHi = hi;
    if (key.hasNulls()) {
      int nulls = partitionNulls(ids, lo, hi, key);
      if (key.nullsFirst()) {
        sortRange(ids, lo, lo + nulls, k + 1);
        valuesLo = lo + nulls;
      } else {
        sortRange(ids, hi - nulls, hi, k + 1);
        valuesHi = hi - nulls;
      }
    }
    int n = valuesHi - valuesLo;
    if (n < 2) {
      return;
    }
    if (n <= SMALL) {
      IntSort.sort(ids, valuesLo, valuesHi, suffix[k]);
      return;
    }
    long[] prefixes = new long[n];
    for (int i = 0; i < n; i++) {
      prefixes[i] = key.prefix(ids[valuesLo + i]);
    }
    radixSort(prefixes, ids, valuesLo, n);
    boolean exact = key.prefixExact();
    if (exact && k == keys.length - 1) {
      return;
    }
    for (int i = 0; i < n; ) {
      long p = prefixes[i];
      int j = i + 1;
      while (j < n && prefixes[j] == p) {
        j++;
      }
      if (j - i > 1) {
        if (exact) {
          sortRange(ids, valuesLo + i, valuesLo + j, k + 1);
        } else {
          IntSort.sort(ids, valuesLo + i, valuesLo + j, suffix[k]);
        }
      }
      i = j;
    }
  }

  /** Moves the rows whose key is NULL to the front or back (per NULLS FIRST/LAST), stably; returns their count. */
  private static int partitionNulls(int[] ids, int lo, int hi, KeyColumn key) {
    int n = hi - lo;
    int[] tmp = new int[n];
    int nulls = 0;
    for (int i = lo; i < hi; i++) {
      if (key.isNull(ids[i])) {
        nulls++;
      }
    }
    int nullPos = key.nullsFirst() ? 0 : n - nulls;
    int valuePos = key.nullsFirst() ? nulls : 0;
    for (int i = lo; i < hi; i++) {
      int id = ids[i];
      if (key.isNull(id)) {
        tmp[nullPos++] = id;
      } else {
        tmp[valuePos++] = id;
      }
    }
    System.arraycopy(tmp, 0, ids, lo, n);
    return nulls;
  }

  /**
   * Stable LSD radix sort of {@code keys[0, n)} (signed order) carrying {@code ids[off, off + n)}
   * along; on return both are sorted.
   */
  static void radixSort(long[] keys, int[] ids, int off, int n) {
    int[][] counts = new int[8][256];
    for (int i = 0; i < n; i++) {
      long u = keys[i] ^ Long.MIN_VALUE;
      for (int d = 0; d < 8; d++) {
        counts[d][(int) (u >>> (d << 3)) & 0xFF]++;
      }
    }
    long[] srcK = keys;
    int[] srcI = Arrays.copyOfRange(ids, off, off + n);
    long[] dstK = null;
    int[] dstI = null;
    long first = keys[0] ^ Long.MIN_VALUE;
    for (int d = 0; d < 8; d++) {
      int shift = d << 3;
      int[] count = counts[d];
      if (count[(int) (first >>> shift) & 0xFF] == n) {
        continue;
      }
      if (dstK == null) {
        dstK = new long[n];
        dstI = new int[n];
      }
      int sum = 0;
      for (int b = 0; b < 256; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = srcK[i];
        int b = (int) ((key ^ Long.MIN_VALUE) >>> shift) & 0xFF;
        int pos = count[b]++;
        dstK[pos] = key;
        dstI[pos] = srcI[i];
      }
      long[] tk = srcK;
      srcK = dstK;
      dstK = tk;
      int[] ti = srcI;
      srcI = dstI;
      dstI = ti;
    }
    if (srcK != keys) {
      System.arraycopy(srcK, 0, keys, 0, n);
    }
    System.arraycopy(srcI, 0, ids, off, n);
  }
}
