package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.ballista.api.BallistaException;

/**
 * Maps byte strings to dense ids {@code 0, 1, 2, ...} in first-seen order, so variable-width keys
 * can be grouped as fixed-width 32-bit ids. The bytes of each distinct string are stored once in
 * one growing arena; the table is open addressing (linear probing) over a {@code long[]} of
 * (hash, id + 1) pairs. Not thread-safe.
 */
final class ByteInterner {
  private static final int MAX_ARENA = Integer.MAX_VALUE - 16;

  private byte[] arena = new byte[1024];
  private int arenaSize;
  private int[] offsets = new int[257];
  private int count;
  private long[] table;
  private int mask;

  ByteInterner() {
    table = new long[2 * 256];
    mask = 255;
  }

  int count() {
    return count;
  }

  /** The id of {@code bytes[from, from + length)}, adding it if new. */
  int intern(byte[] bytes, int from, int length) {
    long hash = Hashing.hashBytes(bytes, from, length);
    int slot = (int) hash & mask;
    long[] t = table;
    while (true) {
      long entry = t[2 * slot + 1];
      if (entry == 0) {
        break;
      }
      if (t[2 * slot] == hash) {
        int id = (int) entry - 1;
        int start = offsets[id];
        if (offsets[id + 1] - start == length
            && Arrays.equals(arena, start, start + length, bytes, from, from + length)) {
          return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    int id = add(bytes, from, length);
    t[2 * slot] = hash;
    t[2 * slot + 1] = id + 1L;
    if ((long) count * 2 > mask + 1) {
      rehash();
    }
    return id;
  }

  private int add(byte[] bytes, int from, int length) {
    if (arenaSize + (long) length > arena.length) {
      long want = Math.max((long) arena.length * 2, arenaSize + (long) length);
      if (want > MAX_ARENA) {
        if (arenaSize + (long) length > MAX_ARENA) {
          throw BallistaException.execution("aggregation: distinct strings of a key exceed 2 GiB");
        }
        want = MAX_ARENA;
      }
      arena = Arrays.copyOf(arena, (int) want);
    }
    System.arraycopy(bytes, from, arena, arenaSize, length);
    arenaSize += length;
    if (count + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    int id = count++;
    offsets[id + 1] = arenaSize;
    return id;
  }

  private void rehash() {
    long[] old = table;
    int newCapacity = (mask + 1) * 2;
    long[] t = new long[2 * newCapacity];
    int m = newCapacity - 1;
    for (int s = 0; s < old.length; s += 2) {
      if (old[s + 1] != 0) {
        int slot = (int) old[s] & m;
        while (t[2 * slot + 1] != 0) {
          slot = (slot + 1) & m;
        }
        t[2 * slot] = old[s];
        t[2 * slot + 1] = old[s + 1];
      }
    }
    table = t;
    mask = m;
  }

  /** The arena holding the bytes of every id (valid until the next {@link #intern}). */
  byte[] arena() {
    return arena;
  }

  int start(int id) {
    return offsets[id];
  }

  int length(int id) {
    return offsets[id + 1] - offsets[id];
  }

  /** Approximate heap bytes held. */
  long heapBytes() {
    return arena.length + 4L * offsets.length + 8L * table.length;
  }
}
