package org.ballista.runtime.window;

import org.ballista.runtime.vector.DecimalMath;
import java.util.Arrays;

/**
 * Aggregates over per-row frames {@code [lo[i], hi[i])} (see {@link FrameBounds}), linear in the
 * number of rows for every frame shape: COUNT and integer SUM/AVG by prefix sums (128-bit, so a
 * frame's sum is exact and its overflow detected even when the running total overflows), FLOAT64
 * SUM/AVG by prefix or suffix sums from the partition edge (summed in row order) or direct summation
 * of narrow frames, MIN/MAX by a monotonic deque (both frame ends only move forward), FIRST/LAST by
 * index. NULL arguments are skipped; a frame without non-NULL values counts 0.
 */
final class FrameKernels {
  /** Frames at most this wide are summed directly (FLOAT64) rather than by prefix differences. */
  private static final int DIRECT_WIDTH = 64;

  private FrameKernels() {}

  /** FIRST_VALUE ({@code last} false) or LAST_VALUE: a reference to the frame's first or last row. */
  static int[] firstLast(int[] lo, int[] hi, int n, boolean last) {
    int[] refs = new int[n];
    for (int i = 0; i < n; i++) {
      refs[i] = lo[i] >= hi[i] ? WindowColumn.Refs.NULL : last ? hi[i] - 1 : lo[i];
    }
    return refs;
  }

  /** COUNT(*) ({@code values} null) or COUNT(values): rows, or non-NULL rows, in each frame. */
  static long[] count(ColumnValues values, int[] lo, int[] hi, int n) {
    long[] out = new long[n];
    if (values == null || values.valid == null) {
      for (int i = 0; i < n; i++) {
        out[i] = Math.max(0, hi[i] - lo[i]);
      }
      return out;
    }
    int[] prefix = validPrefix(values.valid, n);
    for (int i = 0; i < n; i++) {
      out[i] = lo[i] >= hi[i] ? 0 : prefix[hi[i]] - prefix[lo[i]];
    }
    return out;
  }

  private static int[] validPrefix(boolean[] valid, int n) {
    int[] prefix = new int[n + 1];
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (valid == null || valid[i]) {
        c++;
      }
      prefix[i + 1] = c;
    }
    return prefix;
  }

  /**
   * Integer (scaled long) sums per frame into {@code sums}, and non-NULL counts into {@code counts}
   * (the sum is meaningless where the count is 0). Throws EXECUTION "overflow" when a frame's sum
   * does not fit in a long.
   */
  static void longSums(ColumnValues values, int[] lo, int[] hi, int n, long[] sums, long[] counts, String what) {
    long[] v = values.longs;
    boolean[] valid = values.valid;
    long[] preLo = new long[n + 1];
    long[] preHi = new long[n + 1];
    long accLo = 0;
    long accHi = 0;
    for (int i = 0; i < n; i++) {
      if (valid == null || valid[i]) {
        long x = v[i];
        long s = accLo + x;
        // carry out of the low word, and the sign extension of x into the high word
        accHi += (x >> 63) + (Long.compareUnsigned(s, accLo) < 0 ? 1 : 0);
        accLo = s;
      }
      preLo[i + 1] = accLo;
      preHi[i + 1] = accHi;
    }
    int[] prefixCount = valid == null ? null : validPrefix(valid, n);
    for (int i = 0; i < n; i++) {
      int a = lo[i];
      int b = hi[i];
      if (a >= b) {
        counts[i] = 0;
        continue;
      }
      counts[i] = prefixCount == null ? b - a : prefixCount[b] - prefixCount[a];
      long low = preLo[b] - preLo[a];
      long high = preHi[b] - preHi[a] - (Long.compareUnsigned(preLo[b], preLo[a]) < 0 ? 1 : 0);
      if (high != (low >> 63)) {
        throw DecimalMath.overflow(what);
      }
      sums[i] = low;
    }
  }

  /**
   * FLOAT64 sums per frame into {@code sums} and non-NULL counts into {@code counts}. A frame that
   * starts at its partition's first row is the running sum in row order; one that ends at the
   * partition's last row (when {@code suffixes}) the running sum from the end; a narrow frame, or
   * one holding a non-finite value, is summed directly; others use prefix differences (which may
   * differ from a direct sum in the last bits).
   */
  static void doubleSums(ColumnValues values, int[] lo, int[] hi, Boundaries bounds, boolean suffixes,
      double[] sums, long[] counts) {
    int n = bounds.rowCount;
    double[] v = values.doubles;
    boolean[] valid = values.valid;
    double[] prefix = new double[n];
    double[] suffix = suffixes ? new double[n] : null;
    int[] prefixCount = validPrefix(valid, n);
    int[] nonFinite = new int[n + 1];
    for (int i = 0; i < n; i++) {
      nonFinite[i + 1] = nonFinite[i] + ((valid == null || valid[i]) && !Double.isFinite(v[i]) ? 1 : 0);
    }
    int[] starts = bounds.partitionStarts;
    for (int p = 0; p < bounds.partitionCount; p++) {
      int ps = starts[p];
      int pe = starts[p + 1];
      double acc = 0;
      for (int i = ps; i < pe; i++) {
        if (valid == null || valid[i]) {
          acc += v[i];
        }
        prefix[i] = acc;
      }
      if (suffix != null) {
        acc = 0;
        for (int i = pe - 1; i >= ps; i--) {
          if (valid == null || valid[i]) {
            acc += v[i];
          }
          suffix[i] = acc;
        }
      }
      for (int i = ps; i < pe; i++) {
        int a = lo[i];
        int b = hi[i];
        if (a >= b) {
          counts[i] = 0;
          continue;
        }
        counts[i] = prefixCount[b] - prefixCount[a];
        if (a == ps) {
          sums[i] = prefix[b - 1];
        } else if (suffix != null && b == pe) {
          sums[i] = suffix[a];
        } else if (b - a <= DIRECT_WIDTH || nonFinite[b] != nonFinite[a]) {
          double s = 0;
          for (int j = a; j < b; j++) {
            if (valid == null || valid[j]) {
              s += v[j];
            }
          }
          sums[i] = s;
        } else {
          sums[i] = prefix[b - 1] - prefix[a - 1];
        }
      }
    }
  }

  /** Orders two rows' non-NULL values. */
  private interface RowOrder {
    int compare(int a, int b);
  }

  private static RowOrder order(ColumnValues values) {
    return switch (values.kind) {
      case LONG -> {
        long[] v = values.longs;
        yield (a, b) -> Long.compare(v[a], v[b]);
      }
      case DOUBLE -> {
        double[] v = values.doubles;
        yield (a, b) -> Double.compare(v[a], v[b]);
      }
      case BYTES -> {
        byte[] bytes = values.bytes;
        int[] off = values.offsets;
        yield (a, b) -> Arrays.compareUnsigned(bytes, off[a], off[a + 1], bytes, off[b], off[b + 1]);
      }
    };
  }

  /**
   * MIN ({@code max} false) or MAX per frame, as a reference to a row holding it ({@link
   * WindowColumn.Refs#NULL} for a frame without non-NULL values). FLOAT64 is ordered like {@link
   * Double#compare}, UTF8 by unsigned bytes. Amortized O(1) per row: a deque keeps the frame's
   * candidate rows, best first.
   */
  static int[] extremum(ColumnValues values, int[] lo, int[] hi, int n, boolean max) {
    RowOrder order = order(values);
    boolean[] valid = values.valid;
    int sign = max ? -1 : 1;
    int[] refs = new int[n];
    int[] deque = new int[Math.max(n, 1)];
    int head = 0;
    int tail = 0;
    int next = 0;
    for (int i = 0; i < n; i++) {
      int a = lo[i];
      int b = hi[i];
      if (next < a) {
        next = a;
      }
      while (next < b) {
        if (valid == null || valid[next]) {
          while (tail > head && sign * order.compare(deque[tail - 1], next) > 0) {
            tail--;
          }
          deque[tail++] = next;
        }
        next++;
      }
      while (head < tail && deque[head] < a) {
        head++;
      }
      refs[i] = a < b && head < tail ? deque[head] : WindowColumn.Refs.NULL;
    }
    return refs;
  }
}
