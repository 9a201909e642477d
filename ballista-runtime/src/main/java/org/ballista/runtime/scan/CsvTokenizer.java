package org.ballista.runtime.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.ballista.api.BallistaException;

/**
 * Splits a CSV byte stream into records and fields (RFC 4180) without creating objects per field: a
 * record's fields are spans of {@link #buffer()}, valid until the next {@link #nextRecord()}.
 *
 * <ul>
 *   <li>Fields are separated by the delimiter; records end with LF or CRLF (or end of input).
 *   <li>A field starting with {@code "} is quoted: it may contain delimiters, line breaks and {@code
 *       ""} (a literal quote). The span excludes the quotes and escapes are already resolved.
 *   <li>A UTF-8 byte-order mark at the start is skipped; empty lines are skipped.
 * </ul>
 *
 * Not thread-safe. The caller closes the input stream.
 */
final class CsvTokenizer {
  private static final int INITIAL_BUFFER = 1 << 20;

  private final InputStream in;
  private final byte delimiter;
  private final String file;
  private byte[] buf = new byte[INITIAL_BUFFER];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean started;
  /** 1-based number of the line where the next record starts. */
  private long line = 1;
  private long recordLine;

  private int fieldCount;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private boolean[] quoted = new boolean[64];
  private boolean[] escaped = new boolean[64];

  CsvTokenizer(InputStream in, char delimiter, String file) {
    if (delimiter > 127 || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw BallistaException.unsupported("CSV delimiter must be an ASCII character other than quote and line breaks");
    }
    this.in = in;
    this.delimiter = (byte) delimiter;
    this.file = file;
  }

  /** Reads the next non-empty record; false at end of input. */
  boolean nextRecord() {
    try {
      if (!started) {
        started = true;
        fill();
        if (limit - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
          pos += 3;
        }
      }
      while (true) {
        int r = tokenize();
        if (r == NEED_MORE) {
          if (!fill()) {
            eof = true;
          }
          continue;
        }
        if (r == EMPTY_LINE) {
          continue;
        }
        return r == RECORD;
      }
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static final int RECORD = 0, END = 1, NEED_MORE = 2, EMPTY_LINE = 3;

  /** Tries to tokenize one record starting at {@code pos}; on NEED_MORE nothing is consumed. */
  private int tokenize() {
    int i = pos;
    if (i >= limit) {
      return eof ? END : NEED_MORE;
    }
    long lines = 0;
    int n = 0;
    while (true) {
      if (n == starts.length) {
        grow();
      }
      boolean isQuoted = i < limit && buf[i] == '"';
      boolean hasEscape = false;
      int start;
      int end;
      if (isQuoted) {
        int j = i + 1;
        start = j;
        while (true) {
          if (j >= limit) {
            if (eof) {
              throw new BallistaException(BallistaException.Kind.IO,
                  "CSV file " + file + ", line " + line + ": unterminated quoted field");
            }
            return NEED_MORE;
          }
          byte b = buf[j];
          if (b == '"') {
            if (j + 1 >= limit && !eof) {
              return NEED_MORE;
            }
            if (j + 1 < limit && buf[j + 1] == '"') {
              hasEscape = true;
              j += 2;
              continue;
            }
            break;
          }
          if (b == '\n') {
            lines++;
          }
          j++;
        }
        end = j;
        i = j + 1; // after the closing quote
        if (i < limit && buf[i] == '\r') {
          if (i + 1 >= limit && !eof) {
            return NEED_MORE;
          }
          if (i + 1 < limit && buf[i + 1] == '\n') {
            i++;
          }
        }
        if (i < limit && buf[i] != delimiter && buf[i] != '\n') {
          throw new BallistaException(BallistaException.Kind.IO, "CSV file " + file + ", line " + (line + lines)
              + ": unexpected character '" + (char) (buf[i] & 0xFF) + "' after a closing quote");
        }
      } else {
        start = i;
        while (i < limit && buf[i] != delimiter && buf[i] != '\n') {
          i++;
        }
        end = i;
        if (i < limit && buf[i] == '\n' && end > start && buf[end - 1] == '\r') {
          end--;
        }
      }
      if (i >= limit && !eof) {
        return NEED_MORE;
      }
      starts[n] = start;
      ends[n] = end;
      quoted[n] = isQuoted;
      escaped[n] = hasEscape;
      n++;
      if (i < limit && buf[i] == delimiter) {
        i++;
        if (i >= limit && !eof) {
          return NEED_MORE;
        }
        continue;
      }
      // end of record: newline or end of input
      if (i < limit) {
        lines++; // the newline
        i++;
      }
      break;
    }
    recordLine = line;
    line += lines;
    pos = i;
    if (n == 1 && !quoted[0] && ends[0] == starts[0]) {
      return EMPTY_LINE;
    }
    fieldCount = n;
    for (int f = 0; f < n; f++) {
      if (escaped[f]) {
        unescape(f);
      }
    }
    return RECORD;
  }

  /** Collapses {@code ""} to {@code "} in place (the record is complete, so the buffer may change). */
  private void unescape(int f) {
    int w = starts[f];
    int r = starts[f];
    int end = ends[f];
    while (r < end) {
      byte b = buf[r];
      buf[w++] = b;
      r += b == '"' ? 2 : 1;
    }
    ends[f] = w;
  }

  /** Moves the unconsumed bytes to the front, grows the buffer if full, reads more; false at EOF. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private void grow() {
    int size = starts.length * 2;
    starts = Arrays.copyOf(starts, size);
    ends = Arrays.copyOf(ends, size);
    quoted = Arrays.copyOf(quoted, size);
    escaped = Arrays.copyOf(escaped, size);
  }

  String file() {
    return file;
  }

  /** The line (1-based) where the current record starts. */
  long recordLine() {
    return recordLine;
  }

  int fieldCount() {
    return fieldCount;
  }

  byte[] buffer() {
    return buf;
  }

  int start(int field) {
    return starts[field];
  }

  int end(int field) {
    return ends[field];
  }

  boolean quoted(int field) {
    return quoted[field];
  }
}
