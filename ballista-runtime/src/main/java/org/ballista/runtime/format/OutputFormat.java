package org.ballista.runtime.format;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;

/**
 * How a query result is printed. Cells are rendered by {@link ValueRenderer}; every format ends
 * each line with {@code \n}, and a result whose schema has no columns (DDL) writes nothing.
 *
 * <ul>
 *   <li>{@link #TABLE}: a boxed ASCII table (see {@link TableWriter}); when rows are cut by {@code
 *       maxRows}, a last line says how many rows there are in total.
 *   <li>{@link #CSV}: header line, comma-separated, RFC 4180 quotes only where needed (and for the
 *       empty string, to tell it from NULL); NULL is an empty field.
 *   <li>{@link #TSV}: like CSV with tabs; no quoting, instead {@code \\ \t \n \r} escapes.
 *   <li>{@link #JSON}: JSON Lines, one object per row (see {@link JsonLinesWriter}).
 * </ul>
 */
public enum OutputFormat {
  TABLE(new TableWriter()),
  CSV(DelimitedWriter.csv()),
  TSV(DelimitedWriter.tsv()),
  JSON(new JsonLinesWriter());

  private final ResultWriter writer;

  OutputFormat(ResultWriter writer) {
    this.writer = writer;
  }

  /**
   * Writes the first {@code maxRows} rows of {@code result} ({@code maxRows < 0}: all rows) to
   * {@code out}. The result stays open and owned by the caller.
   */
  public void write(QueryResult result, Appendable out, int maxRows) throws IOException {
    writer.write(result, out, maxRows);
  }

  /** The format's name as users type it: {@code table}, {@code csv}, {@code tsv}, {@code json}. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code name}, ignoring case and surrounding blanks; an UNSUPPORTED error naming the valid ones otherwise. */
  public static OutputFormat parse(String name) {
    if (name != null) {
      String wanted = name.trim();
      for (OutputFormat f : values()) {
        if (f.name().equalsIgnoreCase(wanted)) {
          return f;
        }
      }
    }
    String valid = Arrays.stream(values()).map(OutputFormat::displayName).collect(Collectors.joining(", "));
    throw new BallistaException(BallistaException.Kind.UNSUPPORTED,
        "unknown output format '" + name + "': expected one of " + valid);
  }
}
