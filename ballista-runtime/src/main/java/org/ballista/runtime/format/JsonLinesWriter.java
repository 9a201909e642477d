package org.ballista.runtime.format;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.QueryResult;

/**
 * JSON Lines: one object per row, keys in column order, ended by {@code \n}; no header. Numbers are
 * bare JSON numbers (decimals exact, e.g. {@code -0.50}; a non-finite double is the string
 * {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}), booleans bare, NULL is {@code null},
 * everything else (strings, dates) a JSON string.
 */
final class JsonLinesWriter implements ResultWriter {
  private enum Kind { NUMBER, BOOLEAN, STRING }

  @Override
  public void write(QueryResult result, Appendable out, int maxRows) throws IOException {
    List<Field> fields = result.schema().getFields();
    if (fields.isEmpty()) {
      return;
    }
    String[] keys = new String[fields.size()];
    Kind[] kinds = new Kind[fields.size()];
    for (int i = 0; i < keys.length; i++) {
      Field f = fields.get(i);
      keys[i] = quote(f.getName()) + ":";
      kinds[i] = ValueRenderer.isNumeric(f.getType()) ? Kind.NUMBER
          : ValueRenderer.isBoolean(f.getType()) ? Kind.BOOLEAN : Kind.STRING;
    }
    RowVisitor.visit(result, maxRows, cells -> {
      out.append('{');
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(keys[i]);
        String v = cells[i];
        if (v == null) {
          out.append("null");
        } else if (kinds[i] == Kind.BOOLEAN || (kinds[i] == Kind.NUMBER && ValueRenderer.isJsonNumber(v))) {
          out.append(v);
        } else {
          out.append(quote(v));
        }
      }
      out.append("}\n");
    });
  }

  /** {@code value} as a JSON string literal (RFC 8259 escaping). */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
