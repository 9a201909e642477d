package org.ballista.runtime.format;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.QueryResult;

/** Visits the first rows of a result, batch by batch, as rendered cells. */
final class RowVisitor {
  /** Receives one row: {@code cells[i]} is the rendered text of column i, null for NULL. */
  interface RowSink {
    void row(String[] cells) throws IOException;
  }

  private RowVisitor() {}

  /** Feeds up to {@code maxRows} rows ({@code < 0}: all) to {@code sink}; returns how many it fed. */
  static long visit(QueryResult result, int maxRows, RowSink sink) throws IOException {
    int columns = result.schema().getFields().size();
    long fed = 0;
    for (VectorSchemaRoot batch : result.batches()) {
      List<FieldVector> vectors = batch.getFieldVectors();
      int rows = batch.getRowCount();
      for (int r = 0; r < rows; r++) {
        if (maxRows >= 0 && fed >= maxRows) {
          return fed;
        }
        String[] cells = new String[columns];
        for (int c = 0; c < columns; c++) {
          cells[c] = ValueRenderer.render(vectors.get(c), r);
        }
        sink.row(cells);
        fed++;
      }
    }
    return fed;
  }
}
