package org.ballista.api.plan;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where a table's rows come from. Immutable and serializable; the runtime's table-source providers
 * turn it into a scan.
 */
public sealed interface TableSource {
  /** The full schema of the table (before projection). */
  Schema schema();

  /** Parquet files (a directory is expanded to its files when the table is registered). */
  record Parquet(List<String> files, Schema schema) implements TableSource {
    public Parquet {
      files = List.copyOf(files);
    }
  }

  /** CSV files with a header line (or not), a delimiter and a declared or inferred schema. */
  record Csv(List<String> files, Schema schema, boolean header, char delimiter) implements TableSource {
    public Csv {
      files = List.copyOf(files);
    }
  }

  /** Batches held in memory by the session under {@code id}. */
  record Memory(String id, Schema schema) implements TableSource {}
}
