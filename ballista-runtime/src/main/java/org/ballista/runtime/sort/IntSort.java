package org.ballista.runtime.sort;

/**
 * Sorts ranges of an {@code int[]} (row ids) with an {@link IntComparator}: insertion sort on short
 * runs, then bottom-up merge sort (stable, O(n log n) comparisons, one temporary array of the
 * range's length). Already ordered neighbouring runs are concatenated without merging.
 */
public final class IntSort {
  private static final int RUN = 32;

  private IntSort() {}

  public static void sort(int[] a, IntComparator c) {
    sort(a, 0, a.length, c);
  }

  /** Sorts {@code a[from, to)}. */
  public static void sort(int[] a, int from, int to, IntComparator c) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    for (int lo = from; lo < to; lo += RUN) {
      insertionSort(a, lo, Math.min(lo + RUN, to), c);
    }
    if (n <= RUN) {
      return;
    }
    int[] src = a;
    int srcOff = from;
    int[] dst = new int[n];
    int dstOff = 0;
    for (int width = RUN; width < n; width <<= 1) {
      for (int lo = 0; lo < n; lo += width << 1) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + (width << 1), n);
        merge(src, srcOff + lo, srcOff + mid, srcOff + hi, dst, dstOff + lo, c);
      }
      int[] t = src;
      src = dst;
      dst = t;
      int o = srcOff;
      srcOff = dstOff;
      dstOff = o;
    }
    if (src != a) {
      System.arraycopy(src, srcOff, a, from, n);
    }
  }

  private static void insertionSort(int[] a, int from, int to, IntComparator c) {
    for (int i = from + 1; i < to; i++) {
      int v = a[i];
      int j = i - 1;
      while (j >= from && c.compare(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  private static void merge(int[] src, int lo, int mid, int hi, int[] dst, int out, IntComparator c) {
    if (mid >= hi || c.compare(src[mid - 1], src[mid]) <= 0) {
      System.arraycopy(src, lo, dst, out, hi - lo);
      return;
    }
    int i = lo;
    int j = mid;
    while (i < mid && j < hi) {
      if (c.compare(src[j], src[i]) < 0) {
        dst[out++] = src[j++];
      } else {
        dst[out++] = src[i++];
      }
    }
    if (i < mid) {
      System.arraycopy(src, i, dst, out, mid - i);
    } else if (j < hi) {
      System.arraycopy(src, j, dst, out, hi - j);
    }
  }
}
