package org.ballista.runtime.format;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.QueryResult;

/**
 * Delimiter-separated text: a header line of column names, then one line per row, fields separated
 * by the delimiter, lines ended by {@code \n}. A NULL is an empty field; other values go through the
 * field encoder (quoting for CSV, escaping for TSV).
 */
final class DelimitedWriter implements ResultWriter {
  /** Encodes one non-null field (or column name) so that it cannot break the line structure. */
  interface FieldEncoder {
    String encode(String value);
  }

  private final char delimiter;
  private final FieldEncoder encoder;

  DelimitedWriter(char delimiter, FieldEncoder encoder) {
    this.delimiter = delimiter;
    this.encoder = encoder;
  }

  /** CSV per RFC 4180: comma-separated; a field is quoted only when it holds a comma, quote, CR or LF, or is empty (so that it differs from NULL). */
  static DelimitedWriter csv() {
    return new DelimitedWriter(',', DelimitedWriter::quoteCsv);
  }

  /** TSV: tab-separated; backslash, tab, LF and CR inside values become {@code \\ \t \n \r}. */
  static DelimitedWriter tsv() {
    return new DelimitedWriter('\t', DelimitedWriter::escapeTsv);
  }

  @Override
  public void write(QueryResult result, Appendable out, int maxRows) throws IOException {
    List<Field> fields = result.schema().getFields();
    if (fields.isEmpty()) {
      return;
    }
    String[] names = new String[fields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = fields.get(i).getName();
    }
    line(names, out);
    RowVisitor.visit(result, maxRows, cells -> line(cells, out));
  }

  private void line(String[] cells, Appendable out) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(delimiter);
      }
      if (cells[i] != null) {
        out.append(encoder.encode(cells[i]));
      }
    }
    out.append('\n');
  }

  static String quoteCsv(String value) {
    if (!value.isEmpty() && !needsQuotes(value)) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  static String escapeTsv(String value) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String escape = switch (c) {
        case '\\' -> "\\\\";
        case '\t' -> "\\t";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        default -> null;
      };
      if (escape != null && sb == null) {
        sb = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (sb != null) {
        if (escape != null) {
          sb.append(escape);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? value : sb.toString();
  }
}
