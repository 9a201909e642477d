package org.ballista.runtime.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.WindowCall;
import org.ballista.api.plan.WindowCall.WindowFunction;
import org.ballista.api.plan.WindowFrame;
import org.ballista.api.plan.WindowFrame.Bound;
import org.ballista.api.plan.WindowFrame.BoundKind;
import org.ballista.api.types.DataType;
import org.ballista.runtime.operators.AllocatorTest;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random inputs (NULL keys and values, ties, partitions spanning batches) and random frames,
 * checked against a naive reference that decides frame membership row by row over the operator's
 * own output order (so ties may come out in any order).
 */
class WindowReferenceTest extends AllocatorTest {
  private static final Schema IN = TestData.schema("g", DataType.INT32, "o", DataType.INT32, "v", DataType.INT64,
      "f", DataType.FLOAT64, "d", DataType.decimal(9, 2), "s", DataType.UTF8);
  private static final String[] WORDS = {"", "a", "ab", "b", "zz", "é", "中", "Z"};
  private static final int G = 0;
  private static final int O = 1;
  private static final int V = 2;
  private static final int F = 3;
  private static final int D = 4;
  private static final int S = 5;

  private static Object maybeNull(Random r, Object v) {
    return r.nextInt(6) == 0 ? null : v;
  }

  private static Bound randomBound(Random r, boolean lower) {
    int k = r.nextInt(5);
    return switch (k) {
      case 0 -> lower ? Bound.unboundedPreceding() : Bound.unboundedFollowing();
      case 1 -> Bound.preceding(offset(r));
      case 2 -> Bound.currentRow();
      case 3 -> Bound.following(offset(r));
      default -> lower ? Bound.unboundedPreceding() : Bound.unboundedFollowing();
    };
  }

  /** Mostly small offsets; sometimes wider than the kernels' direct-summation limit. */
  private static long offset(Random r) {
    return r.nextInt(4) == 0 ? 60 + r.nextInt(20) : r.nextInt(4);
  }

  private static WindowFrame randomFrame(Random r) {
    if (r.nextBoolean()) {
      Bound lo = r.nextBoolean() ? Bound.unboundedPreceding() : Bound.currentRow();
      Bound hi = r.nextBoolean() ? Bound.unboundedFollowing() : Bound.currentRow();
      return new WindowFrame(WindowFrame.Units.RANGE, lo, hi);
    }
    return new WindowFrame(WindowFrame.Units.ROWS, randomBound(r, true), randomBound(r, false));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void matchesNaiveReference(long seed) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(seed % 3 == 0 ? 400 : 60);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {
          maybeNull(r, r.nextInt(seed % 3 == 0 ? 2 : 4)), maybeNull(r, r.nextInt(5)), maybeNull(r, (long) r.nextInt(101) - 50),
          maybeNull(r, (r.nextInt(81) - 40) / 4.0), maybeNull(r, BigDecimal.valueOf(r.nextInt(2001) - 1000, 2)),
          maybeNull(r, WORDS[r.nextInt(WORDS.length)])});
    }
    SortKey orderKey = new SortKey(O, r.nextBoolean(), r.nextBoolean());
    // even seeds: the rows pre-sorted here and fed in random-sized batches straight to the window
    // (output chunks then cross input batches); odd seeds: unsorted through a SortExec
    boolean presorted = seed % 2 == 0;
    if (presorted) {
      Comparator<Object[]> byG = Comparator.comparing(a -> (Integer) a[G], Comparator.nullsFirst(Comparator.naturalOrder()));
      Comparator<Integer> oAsc = Comparator.naturalOrder();
      Comparator<Integer> oDir = orderKey.ascending() ? oAsc : oAsc.reversed();
      Comparator<Object[]> byO = Comparator.comparing(a -> (Integer) a[O],
          orderKey.nullsFirst() ? Comparator.nullsFirst(oDir) : Comparator.nullsLast(oDir));
      rows.sort(byG.thenComparing(byO));
    }
    List<List<Object[]>> batches = new ArrayList<>();
    for (int i = 0; i < n; ) {
      int size = 1 + r.nextInt(9);
      batches.add(new ArrayList<>(rows.subList(i, Math.min(n, i + size))));
      i += size;
    }
    BatchSourceExec source = BatchSourceExec.ofPartitions(IN, List.of(batches));
    List<WindowCall> calls = new ArrayList<>();
    calls.add(new WindowCall(WindowFunction.ROW_NUMBER, -1, 0, null, WindowFrame.WHOLE_PARTITION, DataType.INT64, "rn"));
    calls.add(new WindowCall(WindowFunction.RANK, -1, 0, null, WindowFrame.WHOLE_PARTITION, DataType.INT64, "rk"));
    calls.add(new WindowCall(WindowFunction.DENSE_RANK, -1, 0, null, WindowFrame.WHOLE_PARTITION, DataType.INT64, "dr"));
    calls.add(new WindowCall(WindowFunction.CUME_DIST, -1, 0, null, WindowFrame.WHOLE_PARTITION, DataType.FLOAT64, "cd"));
    calls.add(new WindowCall(WindowFunction.LAG, S, 2, new Expr.Literal("-", DataType.UTF8), WindowFrame.WHOLE_PARTITION, DataType.UTF8, "lag"));
    calls.add(new WindowCall(WindowFunction.LEAD, D, 1, new Expr.Literal(null, DataType.decimal(9, 2)), WindowFrame.WHOLE_PARTITION, DataType.decimal(9, 2), "lead"));
    List<WindowFrame> frames = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      WindowFrame frame = randomFrame(r);
      frames.add(frame);
      calls.add(new WindowCall(WindowFunction.SUM, V, 0, null, frame, DataType.INT64, "sum" + k));
      calls.add(new WindowCall(WindowFunction.COUNT, V, 0, null, frame, DataType.INT64, "cnt" + k));
      calls.add(new WindowCall(WindowFunction.COUNT, -1, 0, null, frame, DataType.INT64, "star" + k));
      calls.add(new WindowCall(WindowFunction.AVG, V, 0, null, frame, DataType.FLOAT64, "avg" + k));
      calls.add(new WindowCall(WindowFunction.MIN, V, 0, null, frame, DataType.INT64, "min" + k));
      calls.add(new WindowCall(WindowFunction.MAX, S, 0, null, frame, DataType.UTF8, "maxs" + k));
      calls.add(new WindowCall(WindowFunction.FIRST_VALUE, S, 0, null, frame, DataType.UTF8, "first" + k));
      calls.add(new WindowCall(WindowFunction.LAST_VALUE, V, 0, null, frame, DataType.INT64, "last" + k));
      calls.add(new WindowCall(WindowFunction.SUM, F, 0, null, frame, DataType.FLOAT64, "sumf" + k));
      calls.add(new WindowCall(WindowFunction.MAX, F, 0, null, frame, DataType.FLOAT64, "maxf" + k));
      calls.add(new WindowCall(WindowFunction.AVG, D, 0, null, frame, DataType.decimal(13, 4), "avgd" + k));
      calls.add(new WindowCall(WindowFunction.SUM, D, 0, null, frame, DataType.decimal(18, 2), "sumd" + k));
    }
    int batchSize = 1 + r.nextInt(16);
    WindowExec plan = presorted
        ? new WindowExec(source, new int[] {G}, List.of(orderKey), calls, WindowExecTest.outSchema(IN, calls))
        : WindowExecTest.window(source, new int[] {G}, List.of(orderKey), calls);
    List<List<Object>> out = TestData.drain(plan.execute(0, context(batchSize)), batchSize);
    assertEquals(n, out.size());
    for (int i = 0; i < n; i++) {
      List<Object> row = out.get(i);
      int ps = i;
      while (ps > 0 && Objects.equals(out.get(ps - 1).get(G), row.get(G))) {
        ps--;
      }
      int pe = i + 1;
      while (pe < n && Objects.equals(out.get(pe).get(G), row.get(G))) {
        pe++;
      }
      int[] peerGroup = new int[pe - ps];
      for (int j = ps + 1; j < pe; j++) {
        peerGroup[j - ps] = peerGroup[j - ps - 1] + (Objects.equals(out.get(j).get(O), out.get(j - 1).get(O)) ? 0 : 1);
      }
      int me = peerGroup[i - ps];
      int c = 6;
      int peersBefore = 0;
      int peersUpTo = 0;
      for (int j = ps; j < pe; j++) {
        peersBefore += peerGroup[j - ps] < me ? 1 : 0;
        peersUpTo += peerGroup[j - ps] <= me ? 1 : 0;
      }
      String where = "seed " + seed + " row " + i + " " + row;
      assertEquals((long) (i - ps + 1), row.get(c++), where);
      assertEquals((long) peersBefore + 1, row.get(c++), where);
      assertEquals((long) me + 1, row.get(c++), where);
      assertEquals((double) peersUpTo / (pe - ps), row.get(c++), where);
      assertEquals(i - 2 >= ps ? out.get(i - 2).get(S) : "-", row.get(c++), where);
      assertEquals(i + 1 < pe ? out.get(i + 1).get(D) : null, row.get(c++), where);
      for (WindowFrame frame : frames) {
        List<Integer> members = new ArrayList<>();
        for (int j = ps; j < pe; j++) {
          if (inFrame(frame, i, j, peerGroup[i - ps], peerGroup[j - ps])) {
            members.add(j);
          }
        }
        String w = where + " frame " + frame;
        Long sum = null;
        long count = 0;
        Long min = null;
        String maxS = null;
        Double sumF = null;
        Double maxF = null;
        BigDecimal sumD = null;
        long countD = 0;
        for (int j : members) {
          List<Object> m = out.get(j);
          if (m.get(V) != null) {
            long x = (Long) m.get(V);
            sum = sum == null ? x : sum + x;
            min = min == null ? x : Math.min(min, x);
            count++;
          }
          if (m.get(S) != null) {
            String s = (String) m.get(S);
            maxS = maxS == null || s.compareTo(maxS) > 0 ? s : maxS;
          }
          if (m.get(F) != null) {
            double x = (Double) m.get(F);
            sumF = sumF == null ? x : sumF + x;
            maxF = maxF == null ? x : Math.max(maxF, x);
          }
          if (m.get(D) != null) {
            sumD = sumD == null ? (BigDecimal) m.get(D) : sumD.add((BigDecimal) m.get(D));
            countD++;
          }
        }
        assertEquals(sum, row.get(c++), w);
        assertEquals(count, row.get(c++), w);
        assertEquals((long) members.size(), row.get(c++), w);
        assertEquals(count == 0 ? null : (double) sum / count, row.get(c++), w);
        assertEquals(min, row.get(c++), w);
        assertEquals(maxS, row.get(c++), w);
        assertEquals(members.isEmpty() ? null : out.get(members.get(0)).get(S), row.get(c++), w);
        assertEquals(members.isEmpty() ? null : out.get(members.get(members.size() - 1)).get(V), row.get(c++), w);
        assertEquals(sumF, row.get(c++), w);
        assertEquals(maxF, row.get(c++), w);
        assertEquals(countD == 0 ? null : sumD.divide(BigDecimal.valueOf(countD), 4, RoundingMode.HALF_UP), row.get(c++), w);
        assertEquals(sumD, row.get(c++), w);
      }
    }
  }

  /** Whether row j (in row i's partition) is in row i's frame; peer groups numbered in order. */
  private static boolean inFrame(WindowFrame frame, int i, int j, int gi, int gj) {
    boolean range = frame.units() == WindowFrame.Units.RANGE;
    long pos = range ? gj - gi : j - i;
    return aboveLower(frame.lower(), pos) && belowUpper(frame.upper(), pos);
  }

  private static boolean aboveLower(Bound b, long pos) {
    return b.kind() == BoundKind.UNBOUNDED_PRECEDING
        || (b.kind() == BoundKind.PRECEDING && pos >= -b.offset())
        || (b.kind() == BoundKind.CURRENT_ROW && pos >= 0)
        || (b.kind() == BoundKind.FOLLOWING && pos >= b.offset());
  }

  private static boolean belowUpper(Bound b, long pos) {
    return b.kind() == BoundKind.UNBOUNDED_FOLLOWING
        || (b.kind() == BoundKind.PRECEDING && pos <= -b.offset())
        || (b.kind() == BoundKind.CURRENT_ROW && pos <= 0)
        || (b.kind() == BoundKind.FOLLOWING && pos <= b.offset());
  }
}
