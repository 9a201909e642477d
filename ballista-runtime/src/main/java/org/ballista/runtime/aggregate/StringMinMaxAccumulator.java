package org.ballista.runtime.aggregate;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * MIN / MAX / ANY_VALUE of VARCHAR values (byte-wise unsigned order, which is code point order for
 * UTF-8). The current value of each group is kept as bytes in one arena ({@code start}/{@code length}
 * per group, length -1 meaning none yet): a replacement that fits overwrites in place, a longer one
 * is appended, and the arena is compacted when more than half of it is garbage. No String objects.
 */
final class StringMinMaxAccumulator implements Accumulator {
  private final int argument;
  private final Extremum kind;
  private byte[] arena = new byte[1024];
  private int arenaSize;
  private long garbage;
  private int[] starts = new int[0];
  private int[] lengths = new int[0];

  StringMinMaxAccumulator(int argument, Extremum kind) {
    this.argument = argument;
    this.kind = kind;
  }

  @Override
  public void ensureCapacity(int groups) {
    if (starts.length < groups) {
      int old = starts.length;
      int length = Accumulator.newLength(old, groups);
      starts = Arrays.copyOf(starts, length);
      lengths = Arrays.copyOf(lengths, length);
      Arrays.fill(lengths, old, length, -1);
    }
  }

  @Override
  public void update(BatchInput input, int[] groupIds, int[] sel, int n) {
    StringColumn column = input.strings(argument);
    int[] offsets = column.offsets;
    byte[] bytes = column.bytes;
    for (int j = 0; j < n; j++) {
      int row = sel == null ? j : sel[j];
      int g = groupIds[row];
      int from = offsets[row];
      int to = offsets[row + 1];
      int current = lengths[g];
      if (current < 0) {
        store(g, bytes, from, to - from);
      } else if (kind != Extremum.ANY) {
        int s = starts[g];
        int c = Arrays.compareUnsigned(bytes, from, to, arena, s, s + current);
        if (kind == Extremum.MIN ? c < 0 : c > 0) {
          store(g, bytes, from, to - from);
        }
      }
    }
  }

  private void store(int g, byte[] bytes, int from, int length) {
    int current = lengths[g];
    if (current >= length) {
      System.arraycopy(bytes, from, arena, starts[g], length);
      garbage += current - length;
      lengths[g] = length;
      return;
    }
    if (arenaSize + (long) length > arena.length) {
      makeRoom(length);
    }
    if (current > 0) {
      garbage += current;
    }
    System.arraycopy(bytes, from, arena, arenaSize, length);
    starts[g] = arenaSize;
    lengths[g] = length;
    arenaSize += length;
  }

  private void makeRoom(int length) {
    long live = arenaSize - garbage;
    if (garbage > live) {
      byte[] compact = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, (live + length) * 2))];
      int size = 0;
      for (int g = 0; g < lengths.length; g++) {
        int l = lengths[g];
        if (l > 0) {
          System.arraycopy(arena, starts[g], compact, size, l);
          starts[g] = size;
          size += l;
        }
      }
      arena = compact;
      arenaSize = size;
      garbage = 0;
    }
    if (arenaSize + (long) length > arena.length) {
      arena = StringColumn.grow(arena, arenaSize + (long) length);
      if (arenaSize + (long) length > arena.length) {
        throw org.ballista.api.BallistaException.execution("aggregation: " + kind + " strings exceed 2 GiB");
      }
    }
  }

  @Override
  public int stateWidth() {
    return 1;
  }

  @Override
  public void writeState(FieldVector[] out, int first, int from, int count) {
    writeFinal(out[first], from, count);
  }

  @Override
  public void writeFinal(FieldVector out, int from, int count) {
    VarCharVector v = (VarCharVector) out;
    for (int i = 0; i < count; i++) {
      int l = lengths[from + i];
      if (l >= 0) {
        v.setSafe(i, arena, starts[from + i], l);
      }
    }
  }
}
