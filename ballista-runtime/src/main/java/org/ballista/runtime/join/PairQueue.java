package org.ballista.runtime.join;

/**
 * A FIFO of (probe row, build row) pairs waiting to be emitted; -1 on either side means "NULL
 * columns for that side". Growable primitive arrays, no per-pair objects.
 */
final class PairQueue {
  int[] probe;
  int[] build;
  int start;
  int end;

  PairQueue(int capacity) {
    probe = new int[Math.max(capacity, 16)];
    build = new int[probe.length];
  }

  int size() {
    return end - start;
  }

  void add(int p, int b) {
    ensure(1);
    probe[end] = p;
    build[end] = b;
    end++;
  }

  void addAll(int[] p, int[] b, int n) {
    ensure(n);
    System.arraycopy(p, 0, probe, end, n);
    System.arraycopy(b, 0, build, end, n);
    end += n;
  }

  /** Drops the first {@code n} pairs. */
  void consume(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
  }

  private void ensure(int n) {
    if (end + n <= probe.length) {
      return;
    }
    int size = size();
    if (start > 0) {
      System.arraycopy(probe, start, probe, 0, size);
      System.arraycopy(build, start, build, 0, size);
      start = 0;
      end = size;
    }
    if (end + n > probe.length) {
      int cap = Math.max(end + n, probe.length * 2);
      probe = java.util.Arrays.copyOf(probe, cap);
      build = java.util.Arrays.copyOf(build, cap);
    }
  }
}
