package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.ballista.api.BallistaException;

/**
 * Open-addressing (linear probing) hash table that assigns dense group ids {@code 0, 1, 2, ...}, in
 * first-seen order, to fixed-width keys of {@code width} 64-bit words plus a 32-bit null mask (see
 * {@link KeyEncoder}).
 *
 * <p>Layout: the probe table is one {@code long[]} of entries of {@code width + 1} longs (the key
 * words, then {@code nullMask << 32 | (groupId + 1)}, zero meaning empty), so a probe touches one
 * cache line; the keys are also kept densely by group id for output and resizing. The load factor
 * stays at most 1/2. Not thread-safe.
 */
final class GroupHashTable {
  private static final int MAX_GROUPS = Integer.MAX_VALUE - 16;

  private final int width;
  private final int stride;
  private long[] table;
  private int mask;
  private long[] groupWords;
  private int[] groupNulls;
  private int count;

  GroupHashTable(int width, int initialCapacity) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1");
    }
    this.width = width;
    this.stride = width + 1;
    int capacity = 16;
    while (capacity < 2L * initialCapacity && capacity < (1 << 29)) {
      capacity <<= 1;
    }
    this.table = new long[capacity * stride];
    this.mask = capacity - 1;
    this.groupWords = new long[(capacity / 2) * width];
    this.groupNulls = new int[capacity / 2];
  }

  int width() {
    return width;
  }

  /** Number of groups so far; group ids are {@code [0, groupCount())}. */
  int groupCount() {
    return count;
  }

  /** Key word {@code w} of group {@code group}. */
  long word(int group, int w) {
    return groupWords[group * width + w];
  }

  int nullMask(int group) {
    return groupNulls[group];
  }

  /** Fills {@code hashes[j]} for the {@code n} rows {@code sel[j]} (or {@code j} when {@code sel} is null). */
  void hash(long[] words, int[] nullMasks, int[] sel, int n, long[] hashes) {
    if (width == 1) {
      if (sel == null) {
        for (int j = 0; j < n; j++) {
          hashes[j] = Hashing.hash1(words[j], nullMasks[j]);
        }
      } else {
        for (int j = 0; j < n; j++) {
          int row = sel[j];
          hashes[j] = Hashing.hash1(words[row], nullMasks[row]);
        }
      }
    } else {
      for (int j = 0; j < n; j++) {
        int row = sel == null ? j : sel[j];
        hashes[j] = Hashing.hashWords(words, row * width, width, nullMasks[row]);
      }
    }
  }

  /**
   * Finds or inserts the key of each of the {@code n} rows {@code sel[j]} (or {@code j}); writes its
   * group id to {@code groupIds[j]}. {@code hashes} come from {@link #hash}. New ids are assigned
   * in iteration order, so a row got a new group iff its id equals the running count.
   */
  void findOrInsert(long[] words, int[] nullMasks, long[] hashes, int[] sel, int n, int[] groupIds) {
    if (width == 1) {
      findOrInsert1(words, nullMasks, hashes, sel, n, groupIds);
    } else {
      findOrInsertN(words, nullMasks, hashes, sel, n, groupIds);
    }
  }

  private void findOrInsert1(long[] words, int[] nullMasks, long[] hashes, int[] sel, int n, int[] groupIds) {
    long[] t = table;
    int m = mask;
    long prevKey = 0;
    int prevNulls = 0;
    int prevGroup = -1;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      long key = words[row];
      int nulls = nullMasks[row];
      if (key == prevKey && nulls == prevNulls && prevGroup >= 0) {
        groupIds[j] = prevGroup; // runs of equal keys (sorted or clustered input) skip the probe
        continue;
      }
      int slot = (int) hashes[j] & m;
      int group;
      while (true) {
        int base = slot << 1;
        long meta = t[base + 1];
        if (meta == 0) {
          group = newGroup(words, row, nulls);
          t[base] = key;
          t[base + 1] = ((long) nulls << 32) | (group + 1L);
          if (count * 2L > m + 1L) {
            grow();
            t = table;
            m = mask;
          }
          break;
        }
        if (t[base] == key && (int) (meta >>> 32) == nulls) {
          group = (int) meta - 1;
          break;
        }
        slot = (slot + 1) & m;
      }
      groupIds[j] = group;
      prevKey = key;
      prevNulls = nulls;
      prevGroup = group;
    }
  }

  private void findOrInsertN(long[] words, int[] nullMasks, long[] hashes, int[] sel, int n, int[] groupIds) {
    final int w = width;
    final int s = stride;
    long[] t = table;
    int m = mask;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      int from = row * w;
      int nulls = nullMasks[row];
      int slot = (int) hashes[j] & m;
      int group;
      probe:
      while (true) {
        int base = slot * s;
        long meta = t[base + w];
        if (meta == 0) {
          group = newGroup(words, row, nulls);
          System.arraycopy(words, from, t, base, w);
          t[base + w] = ((long) nulls << 32) | (group + 1L);
          if (count * 2L > m + 1L) {
            grow();
            t = table;
            m = mask;
          }
          break;
        }
        if ((int) (meta >>> 32) == nulls) {
          boolean equal = true;
          for (int k = 0; k < w; k++) {
            if (t[base + k] != words[from + k]) {
              equal = false;
              break;
            }
          }
          if (equal) {
            group = (int) meta - 1;
            break probe;
          }
        }
        slot = (slot + 1) & m;
      }
      groupIds[j] = group;
    }
  }

  private int newGroup(long[] words, int row, int nulls) {
    int group = count;
    if (group == groupNulls.length) {
      if (group >= MAX_GROUPS / 2) {
        throw BallistaException.execution("aggregation: too many groups (" + group + ")");
      }
      groupNulls = Arrays.copyOf(groupNulls, group * 2);
      groupWords = Arrays.copyOf(groupWords, group * 2 * width);
    }
    System.arraycopy(words, row * width, groupWords, group * width, width);
    groupNulls[group] = nulls;
    count = group + 1;
    return group;
  }

  /**
   * Doubles the table. The old table is scanned in slot order, so with linear probing the entries
   * land in the new table in nearly ascending slot order too (slot or slot + old capacity): the
   * writes stay cache-friendly even for millions of groups.
   */
  private void grow() {
    int capacity = (mask + 1) * 2;
    if ((long) capacity * stride > Integer.MAX_VALUE - 16) {
      throw BallistaException.execution("aggregation: hash table too large (" + count + " groups)");
    }
    long[] old = table;
    long[] t = new long[capacity * stride];
    int m = capacity - 1;
    for (int base = 0; base < old.length; base += stride) {
      long meta = old[base + width];
      if (meta == 0) {
        continue;
      }
      int nulls = (int) (meta >>> 32);
      long h = width == 1 ? Hashing.hash1(old[base], nulls) : Hashing.hashWords(old, base, width, nulls);
      int slot = (int) h & m;
      while (t[slot * stride + width] != 0) {
        slot = (slot + 1) & m;
      }
      System.arraycopy(old, base, t, slot * stride, stride);
    }
    table = t;
    mask = m;
  }

  /** Approximate heap bytes held. */
  long heapBytes() {
    return 8L * table.length + 8L * groupWords.length + 4L * groupNulls.length;
  }
}
