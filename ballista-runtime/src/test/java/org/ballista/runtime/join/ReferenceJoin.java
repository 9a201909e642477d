package org.ballista.runtime.join;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.ballista.api.plan.JoinType;

/** A deliberately simple row-at-a-time nested-loop join with SQL semantics: the test oracle. */
final class ReferenceJoin {
  private ReferenceJoin() {}

  static List<Object[]> join(JoinType type, List<Object[]> left, List<Object[]> right, int leftWidth, int rightWidth,
      int[] lk, int[] rk, boolean[] nullSafe, BiFunction<Object[], Object[], Boolean> cond) {
    List<Object[]> out = new ArrayList<>();
    boolean[] rightMatched = new boolean[right.size()];
    for (Object[] l : left) {
      boolean any = false;
      boolean blocked = false;
      for (int j = 0; j < right.size(); j++) {
        Object[] r = right.get(j);
        Boolean c = cond == null ? Boolean.TRUE : cond.apply(l, r);
        boolean condTrue = Boolean.TRUE.equals(c);
        if (type == JoinType.NULL_AWARE_ANTI) {
          if (!condTrue) {
            continue;
          }
          if (anyNull(l, lk) || anyNull(r, rk) || keysEqual(l, r, lk, rk, nullSafe)) {
            blocked = true;
          }
          continue;
        }
        if (condTrue && keysEqual(l, r, lk, rk, nullSafe)) {
          any = true;
          rightMatched[j] = true;
          if (type.outputsRight()) {
            out.add(concat(l, r, leftWidth, rightWidth));
          }
        }
      }
      switch (type) {
        case LEFT, FULL -> {
          if (!any) {
            out.add(concat(l, null, leftWidth, rightWidth));
          }
        }
        case SEMI -> {
          if (any) {
            out.add(l.clone());
          }
        }
        case ANTI -> {
          if (!any) {
            out.add(l.clone());
          }
        }
        case NULL_AWARE_ANTI -> {
          if (!blocked) {
            out.add(l.clone());
          }
        }
        default -> { }
      }
    }
    if (type == JoinType.RIGHT || type == JoinType.FULL) {
      for (int j = 0; j < right.size(); j++) {
        if (!rightMatched[j]) {
          out.add(concat(null, right.get(j), leftWidth, rightWidth));
        }
      }
    }
    return out;
  }

  /** Join with no keys (nested-loop join semantics). */
  static List<Object[]> cross(JoinType type, List<Object[]> left, List<Object[]> right, int leftWidth, int rightWidth,
      BiFunction<Object[], Object[], Boolean> cond) {
    return join(type, left, right, leftWidth, rightWidth, new int[0], new int[0], new boolean[0], cond);
  }

  private static boolean anyNull(Object[] row, int[] keys) {
    for (int k : keys) {
      if (row[k] == null) {
        return true;
      }
    }
    return false;
  }

  static boolean keysEqual(Object[] l, Object[] r, int[] lk, int[] rk, boolean[] nullSafe) {
    for (int i = 0; i < lk.length; i++) {
      Object a = l[lk[i]];
      Object b = r[rk[i]];
      if (a == null || b == null) {
        if (a == null && b == null && nullSafe[i]) {
          continue;
        }
        return false;
      }
      if (!valuesEqual(a, b)) {
        return false;
      }
    }
    return true;
  }

  static boolean valuesEqual(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x + 0.0, y + 0.0) == 0;
    }
    if ((a instanceof Integer || a instanceof Long || a instanceof BigDecimal)
        && (b instanceof Integer || b instanceof Long || b instanceof BigDecimal)) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return a.equals(b);
  }

  private static Object[] concat(Object[] l, Object[] r, int lw, int rw) {
    Object[] out = new Object[lw + rw];
    if (l != null) {
      System.arraycopy(l, 0, out, 0, lw);
    }
    if (r != null) {
      System.arraycopy(r, 0, out, lw, rw);
    }
    return out;
  }
}
