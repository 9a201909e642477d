package org.ballista.runtime.join;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Candidate pairs of a hash join: for each probe row, the chain of build rows with an equal key
 * (looked up for the whole batch at once). With NULL-aware anti semantics a probe row also meets
 * the build rows with NULL keys, and a probe row with a NULL key meets every build row, so that a
 * residual condition decides whether the NOT IN predicate is unknown.
 */
final class HashCandidates implements JoinStream.Candidates {
  private final JoinKeys keys;
  private final JoinHashTable table;
  private final int[] next;
  private final int[] nullRows;
  private final int buildRows;
  private final boolean firstOnly;
  private final boolean skipMatched;
  private final boolean nullAware;
  private final KeyBuffer probeKeys;
  private final FieldVector[] keyVectors;
  private int[] heads = new int[0];
  private long[] scratch = new long[0];
  private int rows;
  private int p;
  private int b;
  private int phase;

  HashCandidates(JoinKeys keys, JoinHashTable table, int buildRows, boolean firstOnly, boolean skipMatched,
      boolean nullAware) {
    this.keys = keys;
    this.table = table;
    this.next = table.nextArray();
    this.nullRows = table.nullKeyRows();
    this.buildRows = buildRows;
    this.firstOnly = firstOnly;
    this.skipMatched = skipMatched;
    this.nullAware = nullAware;
    this.probeKeys = new KeyBuffer(keys, true);
    this.keyVectors = new FieldVector[keys.count];
  }

  @Override
  public void start(VectorSchemaRoot probe, int rows) {
    this.rows = rows;
    for (int c = 0; c < keys.count; c++) {
      keyVectors[c] = probe.getVector(keys.leftColumns[c]);
    }
    probeKeys.load(keyVectors, rows);
    if (heads.length < rows) {
      heads = new int[rows];
      scratch = new long[rows];
    }
    table.probe(probeKeys, heads, scratch);
    p = 0;
    b = -1;
    phase = 0;
  }

  @Override
  public int next(int[] outP, int[] outB, int max, boolean[] matched) {
    return nullAware ? nextNullAware(outP, outB, max, matched) : nextPlain(outP, outB, max, matched);
  }

  private int nextPlain(int[] outP, int[] outB, int max, boolean[] matched) {
    int n = 0;
    int row = p;
    int cur = b;
    final int[] h = heads;
    final int[] nx = next;
    while (n < max && row < rows) {
      if (cur < 0) {
        cur = h[row];
        if (cur < 0) {
          row++;
          continue;
        }
      } else if (skipMatched && matched[row]) {
        cur = -1;
        row++;
        continue;
      }
      outP[n] = row;
      outB[n] = cur;
      n++;
      cur = firstOnly ? -1 : nx[cur];
      if (cur < 0) {
        row++;
      }
    }
    p = row;
    b = cur;
    return n;
  }

  private int nextNullAware(int[] outP, int[] outB, int max, boolean[] matched) {
    int n = 0;
    byte[] status = probeKeys.status;
    while (n < max && p < rows) {
      if (phase == 0) {
        if (status[p] == KeyBuffer.NULL_KEY) {
          phase = 3;
          b = 0;
        } else if (heads[p] >= 0) {
          phase = 1;
          b = heads[p];
        } else {
          phase = 2;
          b = 0;
        }
        continue;
      }
      if (skipMatched && matched[p]) {
        endRow();
        continue;
      }
      int candidate;
      if (phase == 1) {
        candidate = b;
        b = next[b];
        if (b < 0) {
          phase = 2;
          b = 0;
        }
      } else if (phase == 2) {
        if (b >= nullRows.length) {
          endRow();
          continue;
        }
        candidate = nullRows[b++];
      } else {
        if (b >= buildRows) {
          endRow();
          continue;
        }
        candidate = b++;
      }
      outP[n] = p;
      outB[n] = candidate;
      n++;
      if (firstOnly) {
        endRow();
      }
    }
    return n;
  }

  private void endRow() {
    p++;
    phase = 0;
    b = 0;
  }
}
