package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.ballista.api.BallistaException;

/**
 * Maps byte strings to dense ids {@code 0, 1, 2, ...} in first-seen order, so variable-width keys
 * can be grouped as fixed-width 32-bit ids. The bytes of each distinct string are stored once in
 * one growing arena. Two open-addressing (linear probing) tables over {@code long[]} pairs share
 * the id sequence: strings of at most 7 bytes are packed exactly into one long (bytes plus length)
 * and found by comparing that long alone (one-char flags like TPC-H Q1's need no byte compare);
 * longer ones are found by (64-bit hash, then bytes). Not thread-safe.
 */
final class ByteInterner {
  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final int MAX_ARENA = Integer.MAX_VALUE - 16;

  private byte[] arena = new byte[1024];
  private int arenaSize;
  private int[] offsets = new int[257];
  private int count;
  private long[] table;
  private int mask;
  private int longCount;
  private long[] shortTable;
  private int shortMask;
  private int shortCount;

  ByteInterner() {
    table = new long[2 * 256];
    mask = 255;
    shortTable = new long[2 * 64];
    shortMask = 63;
  }

  int count() {
    return count;
  }

  /** The id of {@code bytes[from, from + length)}, adding it if new. */
  int intern(byte[] bytes, int from, int length) {
    if (length <= 7) {
      return internShort(bytes, from, length);
    }
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
    if (++longCount * 2L > mask + 1) {
      table = rehash(table, mask);
      mask = mask * 2 + 1;
    }
    return id;
  }

  private int internShort(byte[] bytes, int from, int length) {
    long packed;
    if (from + 8 <= bytes.length) {
      // one 8-byte read masked to the string's bytes (callers pad their arrays)
      packed = ((long) LONGS.get(bytes, from) & ((1L << (length << 3)) - 1)) | ((long) length << 56);
    } else {
      packed = (long) length << 56;
      for (int i = 0; i < length; i++) {
        packed |= (bytes[from + i] & 0xFFL) << (i << 3);
      }
    }
    long[] t = shortTable;
    int m = shortMask;
    int slot = (int) Hashing.mix(packed) & m;
    while (true) {
      long entry = t[2 * slot + 1];
      if (entry == 0) {
        break;
      }
      if (t[2 * slot] == packed) {
        return (int) entry - 1;
      }
      slot = (slot + 1) & m;
    }
    int id = add(bytes, from, length);
    t[2 * slot] = packed;
    t[2 * slot + 1] = id + 1L;
    if (++shortCount * 2L > m + 1) {
      shortTable = rehashShort(t, m);
      shortMask = m * 2 + 1;
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

  private static long[] rehashShort(long[] old, int oldMask) {
    int newCapacity = (oldMask + 1) * 2;
    long[] t = new long[2 * newCapacity];
    int m = newCapacity - 1;
    for (int s = 0; s < old.length; s += 2) {
      if (old[s + 1] != 0) {
        int slot = (int) Hashing.mix(old[s]) & m;
        while (t[2 * slot + 1] != 0) {
          slot = (slot + 1) & m;
        }
        t[2 * slot] = old[s];
        t[2 * slot + 1] = old[s + 1];
      }
    }
    return t;
  }

  private static long[] rehash(long[] old, int oldMask) {
    int newCapacity = (oldMask + 1) * 2;
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
    return t;
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
    return arena.length + 4L * offsets.length + 8L * table.length + 8L * shortTable.length;
  }
}
