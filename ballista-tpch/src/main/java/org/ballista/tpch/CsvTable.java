package org.ballista.tpch;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ballista.api.BallistaException;

/**
 * A small CSV table: a header of column names and rows of string cells. Parsing follows RFC 4180
 * (fields may be quoted; a quote inside a quoted field is doubled; quoted fields may hold commas and
 * line breaks; lines end with LF or CRLF). An empty cell stands for NULL and is kept as the empty
 * string; with a single column, an empty line is a row holding NULL.
 */
public record CsvTable(List<String> columns, List<List<String>> rows) {
  public CsvTable {
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
  }

  public int rowCount() {
    return rows.size();
  }

  /** Parses {@code text}; the first record is the header. {@code source} names it in errors. */
  public static CsvTable parse(String text, String source) {
    List<List<String>> records = parseRecords(text, source);
    if (records.isEmpty()) {
      throw new BallistaException(BallistaException.Kind.IO, source + ": empty CSV (no header line)");
    }
    List<String> header = records.get(0);
    List<List<String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      // A blank line is a row holding one NULL when there is one column, and is skipped otherwise.
      if (header.size() > 1 && r.size() == 1 && r.get(0).isEmpty()) {
        continue;
      }
      rows.add(r);
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != header.size()) {
        throw new BallistaException(BallistaException.Kind.IO, source + ": row " + (i + 1) + " has "
            + rows.get(i).size() + " cells, the header has " + header.size());
      }
    }
    return new CsvTable(header, rows);
  }

  public static CsvTable parse(Reader reader, String source) {
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = reader.read(buf)) >= 0) {
        sb.append(buf, 0, n);
      }
      return parse(sb.toString(), source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<List<String>> parseRecords(String text, String source) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    int n = text.length();
    boolean atRecordStart = true;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && cell.length() == 0) {
        // quoted field
        i++;
        while (true) {
          if (i >= n) {
            throw new BallistaException(BallistaException.Kind.IO, source + ": unterminated quoted field");
          }
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              cell.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          cell.append(q);
          i++;
        }
        atRecordStart = false;
        continue;
      }
      if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
        atRecordStart = false;
        i++;
      } else if (c == '\n' || c == '\r') {
        record.add(cell.toString());
        records.add(record);
        record = new ArrayList<>();
        cell.setLength(0);
        atRecordStart = true;
        i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
      } else {
        cell.append(c);
        atRecordStart = false;
        i++;
      }
    }
    if (!atRecordStart || cell.length() > 0 || !record.isEmpty()) {
      record.add(cell.toString());
      records.add(record);
    }
    return records;
  }

  /** This table as CSV text: header, then rows, LF line ends, RFC 4180 quoting only where needed. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    appendRecord(sb, columns);
    for (List<String> row : rows) {
      appendRecord(sb, row);
    }
    return sb.toString();
  }

  private static void appendRecord(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(quote(cells.get(i)));
    }
    sb.append('\n');
  }

  /** {@code value}, quoted when it holds a comma, quote or line break. */
  static String quote(String value) {
    boolean needs = false;
    for (int i = 0; i < value.length() && !needs; i++) {
      char c = value.charAt(i);
      needs = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
