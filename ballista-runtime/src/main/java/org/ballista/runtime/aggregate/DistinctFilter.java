package org.ballista.runtime.aggregate;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.ballista.api.types.DataType;

/**
 * For an aggregate with DISTINCT: remembers every (group id, value) pair seen, in a {@link
 * GroupHashTable} keyed on the pair, and passes on only the rows whose pair is new.
 */
final class DistinctFilter {
  private final int argument;
  private final KeyEncoder encoder;
  private final GroupHashTable seen;
  private long[] words = new long[0];
  private int[] nullMasks = new int[0];
  private long[] hashes = new long[0];
  private int[] ids = new int[0];

  DistinctFilter(int argument, DataType valueType) {
    this.argument = argument;
    this.encoder = new KeyEncoder(List.of(DataType.INT32, valueType));
    this.seen = new GroupHashTable(encoder.width(), 1024);
  }

  /**
   * Keeps, among rows {@code sel[0, n)} (or {@code [0, n)}) of the batch, the first occurrence of
   * each (group, value) pair not seen before; writes them to {@code out} and returns their count.
   */
  int filter(BatchInput input, int[] groupIds, int[] sel, int n, int[] out) {
    int rows = input.rowCount();
    int w = encoder.width();
    if (words.length < rows * w) {
      words = new long[rows * w];
      nullMasks = new int[rows];
      hashes = new long[rows];
      ids = new int[rows];
    }
    FieldVector values = input.vector(argument);
    encoder.clear(rows, words, nullMasks);
    encoder.encodeInts(0, groupIds, rows, words);
    encoder.encodeVector(1, values, rows, words, nullMasks);
    int before = seen.groupCount();
    seen.hash(words, nullMasks, sel, n, hashes);
    seen.findOrInsert(words, nullMasks, hashes, sel, n, ids);
    int next = before;
    int m = 0;
    for (int j = 0; j < n; j++) {
      if (ids[j] == next) {
        out[m++] = sel == null ? j : sel[j];
        next++;
      }
    }
    return m;
  }
}
