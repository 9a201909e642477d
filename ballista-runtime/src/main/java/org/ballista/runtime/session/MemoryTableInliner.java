package org.ballista.runtime.session;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.BallistaException;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.TableSource;
import org.ballista.api.types.DataType;
import org.ballista.planner.distributed.PlanNodes;

/**
 * Makes a plan runnable on a cluster when it reads tables registered from memory in this session:
 * executors cannot see the session's batches, so each such scan becomes VALUES carrying the rows
 * (the scan's projected columns). Tables are small by nature here; one of more than {@link
 * #MAX_ROWS} rows is refused with a message saying what to do instead.
 */
final class MemoryTableInliner {
  /** The most rows of one in-memory table shipped inside a plan. */
  static final long MAX_ROWS = 100_000;

  private MemoryTableInliner() {}

  static PlanNode inline(PlanNode plan, MemoryTables tables) {
    if (plan instanceof PlanNode.Scan scan && scan.source() instanceof TableSource.Memory memory) {
      return values(scan, tables.batches(memory.id()));
    }
    List<PlanNode> children = plan.children();
    if (children.isEmpty()) {
      return plan;
    }
    List<PlanNode> inlined = new ArrayList<>(children.size());
    boolean changed = false;
    for (PlanNode child : children) {
      PlanNode c = inline(child, tables);
      changed |= c != child;
      inlined.add(c);
    }
    return changed ? PlanNodes.withChildren(plan, inlined) : plan;
  }

  private static PlanNode values(PlanNode.Scan scan, List<VectorSchemaRoot> batches) {
    long total = 0;
    for (VectorSchemaRoot b : batches) {
      total += b.getRowCount();
    }
    if (total > MAX_ROWS) {
      throw BallistaException.unsupported("in-memory table " + scan.tableName() + " has " + total
          + " rows; a cluster runs queries over in-memory tables of up to " + MAX_ROWS
          + " rows (they travel inside the plan): write it to Parquet and register the files instead");
    }
    List<DataType> types = new ArrayList<>();
    for (var field : scan.schema().getFields()) {
      types.add(DataType.fromArrow(field.getType()));
    }
    List<List<Expr.Literal>> rows = new ArrayList<>((int) total);
    for (VectorSchemaRoot batch : batches) {
      for (int r = 0; r < batch.getRowCount(); r++) {
        List<Expr.Literal> row = new ArrayList<>(scan.projection().length);
        for (int c = 0; c < scan.projection().length; c++) {
          FieldVector v = batch.getVector(scan.projection()[c]);
          row.add(new Expr.Literal(value(v, r, types.get(c), scan.tableName()), types.get(c)));
        }
        rows.add(row);
      }
    }
    return new PlanNode.Values(scan.schema(), rows);
  }

  private static Object value(FieldVector v, int row, DataType type, String table) {
    if (v.isNull(row)) {
      return null;
    }
    if (type instanceof DataType.Bool) {
      return ((BitVector) v).get(row) != 0;
    } else if (type instanceof DataType.Int32) {
      return ((IntVector) v).get(row);
    } else if (type instanceof DataType.Int64) {
      return ((BigIntVector) v).get(row);
    } else if (type instanceof DataType.Float64) {
      return ((Float8Vector) v).get(row);
    } else if (type instanceof DataType.Decimal) {
      BigDecimal d = ((DecimalVector) v).getObject(row);
      return d;
    } else if (type instanceof DataType.Date) {
      return ((DateDayVector) v).get(row);
    } else if (type instanceof DataType.Utf8) {
      return new String(((VarCharVector) v).get(row), java.nio.charset.StandardCharsets.UTF_8);
    }
    throw BallistaException.unsupported("in-memory table " + table + ": column " + v.getName() + " of type " + type
        + " cannot be sent to a cluster");
  }
}
