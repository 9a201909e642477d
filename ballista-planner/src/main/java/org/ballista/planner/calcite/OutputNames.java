package org.ballista.planner.calcite;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Names the result columns a query leaves unnamed after the text the user wrote, as DuckDB and
 * Spark do ({@code select upper(name), count(*) ...} gives columns {@code upper(name)} and {@code
 * count(*)} rather than Calcite's {@code EXPR$0}, {@code EXPR$1}). Only the outermost select list
 * (the first branch of a set operation) is named; explicit aliases and plain columns are kept.
 */
public final class OutputNames {
  /** Longer expressions keep their text up to this many characters. */
  static final int MAX_LENGTH = 120;

  private OutputNames() {}

  /** Adds aliases to {@code query}'s unnamed result expressions, in place; {@code sql} is its text. */
  public static void name(SqlNode query, String sql) {
    SqlSelect select = outermostSelect(query);
    if (select == null) {
      return;
    }
    SqlNodeList items = select.getSelectList();
    String[] lines = sql.split("\n", -1);
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      if (item instanceof SqlIdentifier || item.getKind() == SqlKind.AS) {
        continue;
      }
      String text = text(lines, item.getParserPosition());
      if (text != null && !text.isEmpty()) {
        items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
            new SqlIdentifier(text, SqlParserPos.ZERO)));
      }
    }
  }

  private static SqlSelect outermostSelect(SqlNode node) {
    if (node instanceof SqlSelect s) {
      return s;
    }
    if (node instanceof SqlOrderBy o) {
      return outermostSelect(o.query);
    }
    if (node instanceof SqlWith w) {
      return outermostSelect(w.body);
    }
    if (node instanceof SqlBasicCall call && (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
        || node.getKind() == SqlKind.EXCEPT)) {
      return outermostSelect(((SqlCall) call).operand(0));
    }
    return null;
  }

  /** The source text at {@code pos} (1-based lines and columns, end inclusive), whitespace collapsed. */
  private static String text(String[] lines, SqlParserPos pos) {
    int startLine = pos.getLineNum() - 1;
    int endLine = pos.getEndLineNum() - 1;
    if (startLine < 0 || endLine >= lines.length || endLine < startLine) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int l = startLine; l <= endLine; l++) {
      String line = lines[l];
      int from = l == startLine ? pos.getColumnNum() - 1 : 0;
      int to = l == endLine ? Math.min(line.length(), pos.getEndColumnNum()) : line.length();
      if (from < 0 || from > to) {
        return null;
      }
      sb.append(line, from, to).append(' ');
    }
    String text = sb.toString().replaceAll("\\s+", " ").trim();
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }
}
