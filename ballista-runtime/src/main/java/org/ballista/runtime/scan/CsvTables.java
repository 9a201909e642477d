package org.ballista.runtime.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/** Finding CSV files and inferring their schema, for table registration. Stateless. */
public final class CsvTables {
  /** How many data rows {@link #inferSchema} looks at. */
  public static final int INFERENCE_ROWS = 1000;

  private CsvTables() {}

  /**
   * The files of a table stored at {@code path}: the path itself if it is a file; for a directory its
   * {@code *.csv} files, or every regular non-hidden file if none ends in {@code .csv}. Sorted.
   *
   * @throws BallistaException NOT_FOUND if the path does not exist or holds no files
   */
  public static List<String> listFiles(String path) {
    return FileLists.list(path, ".csv");
  }

  /**
   * Infers a schema from the first file of {@code path} (a file or a directory, see {@link
   * #listFiles}): column names from the header line (or {@code column_1, column_2, ...} without
   * one), types from the first {@link #INFERENCE_ROWS} rows: BIGINT if every non-empty value is an
   * integer, DOUBLE if every one is numeric, DATE if every one is {@code yyyy-mm-dd}, BOOLEAN if
   * every one is true/false, VARCHAR otherwise (also when a column has only empty values). All
   * columns are nullable. Duplicate header names get a numeric suffix.
   */
  public static Schema inferSchema(String path, boolean header, char delimiter) {
    String file = listFiles(path).get(0);
    try (InputStream in = Files.newInputStream(FileLists.toPath(file))) {
      CsvTokenizer t = new CsvTokenizer(in, delimiter, file);
      List<String> names = new ArrayList<>();
      if (header) {
        if (!t.nextRecord()) {
          throw new BallistaException(BallistaException.Kind.IO, "CSV file " + file + " is empty (no header line)");
        }
        Set<String> seen = new HashSet<>();
        for (int f = 0; f < t.fieldCount(); f++) {
          String name = new String(t.buffer(), t.start(f), t.end(f) - t.start(f), StandardCharsets.UTF_8).trim();
          if (name.isEmpty()) {
            name = "column_" + (f + 1);
          }
          String unique = name;
          for (int k = 2; !seen.add(unique); k++) {
            unique = name + "_" + k;
          }
          names.add(unique);
        }
      }
      // Per column: which candidate types are still possible.
      List<int[]> candidates = new ArrayList<>(); // bit set: INT, NUMERIC, DATE, BOOL; [1] = non-empty count
      CsvValues.Result r = new CsvValues.Result();
      int rows = 0;
      while (rows < INFERENCE_ROWS && t.nextRecord()) {
        rows++;
        for (int f = 0; f < t.fieldCount(); f++) {
          while (candidates.size() <= f) {
            candidates.add(new int[] {ALL, 0});
          }
          int[] c = candidates.get(f);
          byte[] b = t.buffer();
          int s = t.start(f);
          int e = t.end(f);
          while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
          }
          while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
          }
          if (s == e) {
            continue;
          }
          c[1]++;
          if ((c[0] & INT) != 0 && !CsvValues.parseLong(b, s, e, Long.MIN_VALUE, Long.MAX_VALUE, r)) {
            c[0] &= ~INT;
          }
          if ((c[0] & NUMERIC) != 0 && !isPlainNumber(b, s, e, r)) {
            c[0] &= ~NUMERIC;
          }
          if ((c[0] & DATE) != 0 && !CsvValues.parseDate(b, s, e, r)) {
            c[0] &= ~DATE;
          }
          if ((c[0] & BOOL) != 0 && !(CsvValues.equalsIgnoreCase(b, s, e, "true")
              || CsvValues.equalsIgnoreCase(b, s, e, "false"))) {
            c[0] &= ~BOOL;
          }
        }
      }
      int columns = header ? names.size() : candidates.size();
      if (columns == 0) {
        throw new BallistaException(BallistaException.Kind.IO, "CSV file " + file + " has no columns");
      }
      List<Field> fields = new ArrayList<>(columns);
      for (int f = 0; f < columns; f++) {
        String name = header ? names.get(f) : "column_" + (f + 1);
        int[] c = f < candidates.size() ? candidates.get(f) : new int[] {ALL, 0};
        fields.add(Vectors.field(name, typeOf(c), true));
      }
      return new Schema(fields);
    } catch (IOException e) {
      throw new BallistaException(BallistaException.Kind.IO, "cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static final int INT = 1, NUMERIC = 2, DATE = 4, BOOL = 8, ALL = 15;

  private static DataType typeOf(int[] candidate) {
    int set = candidate[0];
    if (candidate[1] == 0) {
      return DataType.UTF8;
    }
    if ((set & INT) != 0) {
      return DataType.INT64;
    }
    if ((set & NUMERIC) != 0) {
      return DataType.FLOAT64;
    }
    if ((set & DATE) != 0) {
      return DataType.DATE;
    }
    if ((set & BOOL) != 0) {
      return DataType.BOOL;
    }
    return DataType.UTF8;
  }

  /** A number in plain decimal or exponent notation (not NaN/Infinity, which stay text). */
  private static boolean isPlainNumber(byte[] b, int s, int e, CsvValues.Result r) {
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    return CsvValues.parseDouble(b, s, e, r);
  }
}
