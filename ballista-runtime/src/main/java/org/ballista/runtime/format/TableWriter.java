package org.ballista.runtime.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.QueryResult;

/**
 * A boxed ASCII table in the style of the DuckDB and DataFusion shells:
 *
 * <pre>
 * +-------+-------+------------+
 * | name  | price | shipped    |
 * +-------+-------+------------+
 * | apple |  0.05 | 2024-01-31 |
 * | NULL  | -0.50 | NULL       |
 * +-------+-------+------------+
 * </pre>
 *
 * Headers are left-aligned; numbers are right-aligned, other values left-aligned; NULL is shown as
 * {@code NULL}; tab, CR and LF inside values are shown escaped ({@code \t \r \n}) so a row stays
 * on one line. When {@code maxRows} leaves rows out, one more line follows the table:
 * {@code "<total> rows in total, <shown> shown"}. A result without columns writes nothing.
 */
final class TableWriter implements ResultWriter {
  static final String NULL_TEXT = "NULL";

  @Override
  public void write(QueryResult result, Appendable out, int maxRows) throws IOException {
    List<Field> fields = result.schema().getFields();
    int columns = fields.size();
    if (columns == 0) {
      return;
    }
    String[] header = new String[columns];
    boolean[] right = new boolean[columns];
    int[] widths = new int[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = visible(fields.get(c).getName());
      right[c] = ValueRenderer.isNumeric(fields.get(c).getType());
      widths[c] = width(header[c]);
    }
    List<String[]> rows = new ArrayList<>();
    long shown = RowVisitor.visit(result, maxRows, cells -> {
      for (int c = 0; c < columns; c++) {
        cells[c] = cells[c] == null ? NULL_TEXT : visible(cells[c]);
        widths[c] = Math.max(widths[c], width(cells[c]));
      }
      rows.add(cells);
    });
    String border = border(widths);
    out.append(border);
    line(header, new boolean[columns], widths, out);
    out.append(border);
    for (String[] row : rows) {
      line(row, right, widths, out);
    }
    out.append(border);
    long total = result.rowCount();
    if (shown < total) {
      out.append(Long.toString(total)).append(total == 1 ? " row" : " rows").append(" in total, ")
          .append(Long.toString(shown)).append(" shown\n");
    }
  }

  private static String border(int[] widths) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : widths) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.append('\n').toString();
  }

  private static void line(String[] cells, boolean[] right, int[] widths, Appendable out) throws IOException {
    out.append('|');
    for (int c = 0; c < cells.length; c++) {
      String pad = " ".repeat(widths[c] - width(cells[c]));
      out.append(' ');
      if (right[c]) {
        out.append(pad).append(cells[c]);
      } else {
        out.append(cells[c]).append(pad);
      }
      out.append(" |");
    }
    out.append('\n');
  }

  /** {@code s} with tab, CR and LF shown as {@code \t \r \n}. */
  private static String visible(String s) {
    if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** Display width, counted in code points (wide East Asian characters are not special-cased). */
  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
