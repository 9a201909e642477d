package org.ballista.runtime.session;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.plan.TableSource;
import org.ballista.planner.catalog.ColumnStatistics;
import org.ballista.planner.catalog.TableDefinition;
import org.ballista.runtime.scan.ParquetScanExec;
import org.ballista.runtime.scan.CsvTables;
import org.ballista.runtime.scan.ParquetTables;

/**
 * Turns a file location into a table definition: lists the files, reads or infers the schema and
 * estimates the row count. Bound in Guice so an application can add its own sources.
 */
public class TableRegistrar {
  public TableDefinition parquet(String name, String path, BufferAllocator allocator) {
    List<String> files = ParquetTables.listFiles(path);
    Schema schema = ParquetTables.readSchema(files, allocator);
    double rows = ParquetTables.rowCount(files, allocator);
    TableSource.Parquet source = new TableSource.Parquet(List.of(files.get(0)), schema);
    int[] all = new int[schema.getFields().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    List<ColumnStatistics> stats = TableStatisticsSampler.sample(
        new ParquetScanExec(name, source, all, schema, 1), rows, allocator);
    return new TableDefinition(name, new TableSource.Parquet(files, schema), rows, stats);
  }

  public TableDefinition csv(String name, String path, Schema schema, boolean header, char delimiter) {
    List<String> files = CsvTables.listFiles(path);
    Schema s = schema != null ? schema : CsvTables.inferSchema(path, header, delimiter);
    long bytes = 0;
    for (String f : files) {
      bytes += new java.io.File(f).length();
    }
    // Rough estimate: ~100 bytes per CSV row.
    return new TableDefinition(name, new TableSource.Csv(files, s, header, delimiter), Math.max(1, bytes / 100.0));
  }
}
