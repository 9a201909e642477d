package org.ballista.runtime.sort;

import java.util.Arrays;

/**
 * The {@code limit} smallest row ids seen so far under a comparator: a binary max-heap whose root
 * is the worst row kept. The array grows on demand up to {@code limit}. Not thread-safe.
 */
final class TopNHeap {
  private final int limit;
  private int[] heap;
  private int size;

  TopNHeap(int limit) {
    this.limit = limit;
    this.heap = new int[Math.min(limit, 1024)];
  }

  int size() {
    return size;
  }

  /** The kept ids in heap order (valid up to {@link #size()}); the array is live. */
  int[] ids() {
    return heap;
  }

  /** Offers ids {@code [from, to)}. */
  void offerRange(int from, int to, IntComparator c) {
    for (int id = from; id < to; id++) {
      if (size < limit) {
        if (size == heap.length) {
          heap = Arrays.copyOf(heap, (int) Math.min(limit, heap.length * 2L));
        }
        siftUp(size++, id, c);
      } else if (c.compare(id, heap[0]) < 0) {
        siftDown(id, c);
      }
    }
  }

  /** Renames the kept ids to 0..size-1 in their current heap positions (after compaction). */
  void renumber() {
    for (int i = 0; i < size; i++) {
      heap[i] = i;
    }
  }

  private void siftUp(int pos, int id, IntComparator c) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      int p = heap[parent];
      if (c.compare(id, p) <= 0) {
        break;
      }
      heap[pos] = p;
      pos = parent;
    }
    heap[pos] = id;
  }

  /** Replaces the root with {@code id} and restores the heap. */
  private void siftDown(int id, IntComparator c) {
    int pos = 0;
    int half = size >>> 1;
    while (pos < half) {
      int child = 2 * pos + 1;
      int right = child + 1;
      if (right < size && c.compare(heap[right], heap[child]) > 0) {
        child = right;
      }
      if (c.compare(id, heap[child]) >= 0) {
        break;
      }
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = id;
  }
}
