package org.ballista.api.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.expr.Expr;

/**
 * The physical plan as produced by the planner: an immutable tree of operator descriptions. The
 * runtime turns it into {@link org.ballista.api.exec.ExecutionPlan} operators. Every node knows its
 * output schema; column references in expressions are indexes into the input's schema (for joins,
 * into the left schema followed by the right schema).
 */
public sealed interface PlanNode {
  Schema schema();

  List<PlanNode> children();

  /**
   * Reads a table. {@code projection} lists the table columns read, in output order; {@code
   * filters} are conjuncts over the <em>projected</em> columns that the scan may use to skip data
   * (the plan keeps a Filter above the scan, so pushing them is an optimization only).
   */
  record Scan(String tableName, TableSource source, int[] projection, List<Expr> filters, Schema schema)
      implements PlanNode {
    public Scan {
      filters = List.copyOf(filters);
    }
    public List<PlanNode> children() { return List.of(); }
  }

  /** Literal rows. */
  record Values(Schema schema, List<List<Expr.Literal>> rows) implements PlanNode {
    public Values {
      rows = List.copyOf(rows);
    }
    public List<PlanNode> children() { return List.of(); }
  }

  record Filter(PlanNode input, Expr predicate) implements PlanNode {
    public Schema schema() { return input.schema(); }
    public List<PlanNode> children() { return List.of(input); }
  }

  record Project(PlanNode input, List<Expr> exprs, Schema schema) implements PlanNode {
    public Project {
      exprs = List.copyOf(exprs);
    }
    public List<PlanNode> children() { return List.of(input); }
  }

  /**
   * Hash aggregation: groups by the input columns {@code groupKeys} (output first, in that order),
   * then one column per aggregate call. No keys and no calls is not allowed; no keys means one
   * output row even over empty input (COUNT 0, others NULL); keys and no calls is DISTINCT.
   */
  record Aggregate(PlanNode input, int[] groupKeys, List<AggregateCall> aggregates, AggregateMode mode, Schema schema)
      implements PlanNode {
    public Aggregate {
      aggregates = List.copyOf(aggregates);
    }
    public List<PlanNode> children() { return List.of(input); }
  }

  /**
   * Equi-join on {@code leftKeys[i] = rightKeys[i]} (null-safe where {@code nullSafe[i]}) with an
   * optional residual {@code condition} over left columns followed by right columns. The right
   * input is the build side. Output: left columns then right columns, except SEMI/ANTI which output
   * the left columns only.
   */
  record HashJoin(
      PlanNode left, PlanNode right, JoinType joinType, int[] leftKeys, int[] rightKeys, boolean[] nullSafe,
      Expr condition, Schema schema)
      implements PlanNode {
    public List<PlanNode> children() { return List.of(left, right); }
  }

  /** A join with no equality keys: every pair of rows is tested against {@code condition} (or none). */
  record NestedLoopJoin(PlanNode left, PlanNode right, JoinType joinType, Expr condition, Schema schema)
      implements PlanNode {
    public List<PlanNode> children() { return List.of(left, right); }
  }

  /**
   * Window functions: every input row passes through, with one more column per call (input columns
   * first, then the calls in order). Rows are grouped into partitions by the input columns {@code
   * partitionKeys} (none: one partition) and ordered within them by {@code orderKeys} (which may be
   * empty); the output keeps neither the input order nor any other. The runtime sorts the input by
   * partition then order keys itself.
   */
  record Window(PlanNode input, int[] partitionKeys, List<SortKey> orderKeys, List<WindowCall> calls, Schema schema)
      implements PlanNode {
    public Window {
      orderKeys = List.copyOf(orderKeys);
      calls = List.copyOf(calls);
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a window needs at least one call");
      }
    }
    public List<PlanNode> children() { return List.of(input); }
  }

  /** Sorts by {@code keys}; with {@code fetch >= 0} keeps only the first {@code offset + fetch} rows (top-N). */
  record Sort(PlanNode input, List<SortKey> keys, long offset, long fetch) implements PlanNode {
    public Sort {
      keys = List.copyOf(keys);
    }
    public Schema schema() { return input.schema(); }
    public List<PlanNode> children() { return List.of(input); }
  }

  /** Skips {@code offset} rows then passes at most {@code fetch} rows ({@code -1}: all). */
  record Limit(PlanNode input, long offset, long fetch) implements PlanNode {
    public Schema schema() { return input.schema(); }
    public List<PlanNode> children() { return List.of(input); }
  }

  /** UNION ALL of inputs with the same column types. */
  record Union(List<PlanNode> inputs, Schema schema) implements PlanNode {
    public Union {
      inputs = List.copyOf(inputs);
    }
    public List<PlanNode> children() { return inputs; }
  }

  /**
   * A stage boundary in a distributed plan: the input's rows are redistributed into {@code
   * partitions} partitions by the hash of {@code hashKeys} (no keys: all rows go to one partition,
   * {@code partitions} is then 1). With {@code broadcast}, every consumer task reads all the rows.
   */
  record Exchange(PlanNode input, int[] hashKeys, int partitions, boolean broadcast) implements PlanNode {
    public Schema schema() { return input.schema(); }
    public List<PlanNode> children() { return List.of(input); }
  }

  /**
   * The root of a stage: task {@code p} runs partition {@code p} of {@code input} and writes its
   * rows as shuffle files for the consuming stage, split by the hash of {@code hashKeys} into
   * {@code outputPartitions} partitions. Without keys, all rows go to partition 0 when {@code
   * outputPartitions} is 1, and otherwise task p writes partition p (the partitioning is kept).
   */
  record ShuffleWrite(int stageId, PlanNode input, int[] hashKeys, int outputPartitions) implements PlanNode {
    public Schema schema() { return input.schema(); }
    public List<PlanNode> children() { return List.of(input); }
  }

  /**
   * Reads the output of stage {@code stageId}: task p of the reading stage reads partition p, or
   * with {@code broadcast} every task reads all {@code partitions} partitions.
   */
  record ShuffleRead(int stageId, Schema schema, int partitions, boolean broadcast) implements PlanNode {
    public List<PlanNode> children() { return List.of(); }
  }

  /** Helper to build a schema from fields. */
  static Schema schemaOf(List<Field> fields) {
    return new Schema(new ArrayList<>(fields));
  }
}
