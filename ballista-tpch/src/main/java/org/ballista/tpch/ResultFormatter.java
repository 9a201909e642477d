package org.ballista.tpch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.ballista.api.QueryResult;

/**
 * Writes a query result in the format of the bundled answers: a header line, then one line per row;
 * DECIMAL and floating values rounded half-up to 2 places, integers in full, dates {@code
 * yyyy-mm-dd}, NULL as an empty cell, RFC 4180 quoting only where needed.
 */
public final class ResultFormatter {
  private ResultFormatter() {}

  public static String toCsv(QueryResult result) {
    return toCsvTable(result).toCsv();
  }

  /** The result as a table of formatted cells. */
  public static CsvTable toCsvTable(QueryResult result) {
    List<String> header = new ArrayList<>();
    for (Field f : result.schema().getFields()) {
      header.add(f.getName());
    }
    List<List<String>> rows = new ArrayList<>();
    for (VectorSchemaRoot batch : result.batches()) {
      List<FieldVector> vectors = batch.getFieldVectors();
      for (int r = 0; r < batch.getRowCount(); r++) {
        List<String> row = new ArrayList<>(vectors.size());
        for (FieldVector v : vectors) {
          row.add(format(ArrowValues.get(v, r)));
        }
        rows.add(row);
      }
    }
    return new CsvTable(header, rows);
  }

  /** One value as an answer cell (unquoted). */
  public static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.toString();
      }
      return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
    return value.toString();
  }
}
