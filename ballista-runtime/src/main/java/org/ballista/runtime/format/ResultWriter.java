package org.ballista.runtime.format;

import java.io.IOException;
import org.ballista.api.QueryResult;

/** Writes a whole result in one format. Implementations are stateless. */
interface ResultWriter {
  /** Writes up to {@code maxRows} rows of {@code result} ({@code maxRows < 0}: all rows). */
  void write(QueryResult result, Appendable out, int maxRows) throws IOException;
}
