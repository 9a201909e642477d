package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.planner.catalog.ColumnStatistics;

/**
 * Estimates per-column distinct counts from the first rows of a table, for join ordering. A column
 * whose sampled values are all distinct is taken as a key; otherwise the GEE estimator (Charikar et
 * al.) scales the sample's frequency profile to the table. When the sample is the whole table the
 * counts are exact. Runs once per registration, on at most {@link #SAMPLE_ROWS} rows; not a hot path.
 */
final class TableStatisticsSampler {
  static final int SAMPLE_ROWS = 32_768;

  private TableStatisticsSampler() {}

  static List<ColumnStatistics> sample(ExecutionPlan scan, double totalRows, BufferAllocator parent) {
    int columns = scan.schema().getFields().size();
    List<Map<Object, Integer>> counts = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      counts.add(new HashMap<>());
    }
    int sampled = 0;
    try (BufferAllocator allocator = parent.newChildAllocator("statistics", 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(allocator, SessionConfig.defaults().withTargetPartitions(1));
      try (BatchStream stream = scan.execute(0, context)) {
        VectorSchemaRoot batch;
        while (sampled < SAMPLE_ROWS && (batch = stream.next()) != null) {
          try (VectorSchemaRoot b = batch) {
            int rows = Math.min(b.getRowCount(), SAMPLE_ROWS - sampled);
            for (int c = 0; c < columns; c++) {
              FieldVector v = b.getVector(c);
              Map<Object, Integer> m = counts.get(c);
              for (int r = 0; r < rows; r++) {
                Object value = v.getObject(r);
                if (value instanceof Text t) {
                  value = t.toString();
                }
                m.merge(value == null ? NullKey.INSTANCE : value, 1, Integer::sum);
              }
            }
            sampled += rows;
          }
        }
      }
    }
    List<ColumnStatistics> stats = new ArrayList<>();
    boolean complete = sampled >= totalRows;
    for (Map<Object, Integer> m : counts) {
      stats.add(estimate(m, sampled, totalRows, complete));
    }
    return stats;
  }

  static ColumnStatistics estimate(Map<Object, Integer> frequencies, int sampled, double totalRows, boolean complete) {
    int distinct = frequencies.size();
    if (sampled == 0) {
      return ColumnStatistics.UNKNOWN;
    }
    if (complete) {
      return new ColumnStatistics(distinct, distinct == sampled && !frequencies.containsKey(NullKey.INSTANCE));
    }
    if (distinct == sampled && !frequencies.containsKey(NullKey.INSTANCE)) {
      return new ColumnStatistics(totalRows, true);
    }
    long once = frequencies.values().stream().filter(f -> f == 1).count();
    double gee = Math.sqrt(totalRows / sampled) * once + (distinct - once);
    return new ColumnStatistics(Math.min(totalRows, Math.max(distinct, gee)), false);
  }

  /** Stands for NULL in the frequency maps. */
  private enum NullKey { INSTANCE }
}
