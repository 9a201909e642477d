package org.ballista.runtime.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Join test helpers over Java rows (Object[]); batches are built and read by {@code testing.TestData}. */
final class Rows {
  private Rows() {}

  static Object[] row(Object... values) {
    return values;
  }

  /** Rows as sorted strings, for multiset comparison. */
  static List<String> canonical(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }

  static List<String> canonicalRows(List<Object[]> rows) {
    List<String> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Arrays.asList(r).toString());
    }
    out.sort(null);
    return out;
  }
}
