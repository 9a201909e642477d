package org.ballista.cli;

import org.ballista.runtime.format.OutputFormat;

/**
 * How results are printed.
 *
 * @param format the output format
 * @param maxRows the most rows printed per result; negative for all
 * @param quiet whether to leave out the row-count and timing lines
 */
record OutputSettings(OutputFormat format, int maxRows, boolean quiet) {
  /** Rows a table shows when {@code --max-rows} is not given. */
  static final int DEFAULT_TABLE_ROWS = 1000;

  /** The settings for {@code format}; {@code maxRows} null means 1000 rows for tables and all rows otherwise. */
  static OutputSettings of(OutputFormat format, Integer maxRows, boolean quiet) {
    int rows = maxRows != null ? maxRows : format == OutputFormat.TABLE ? DEFAULT_TABLE_ROWS : -1;
    return new OutputSettings(format, rows, quiet);
  }
}
