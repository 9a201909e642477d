package org.ballista.runtime.operators;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.runtime.expr.ExpressionCompiler;
import org.ballista.runtime.expr.VectorEvaluator;

/**
 * Keeps the rows of its input for which a BOOLEAN predicate is true (NULL and false drop the row).
 *
 * <p>Per batch: when every row passes the batch is passed through untouched; when none passes it
 * is dropped (so the output may have fewer batches than the input, possibly none); otherwise the
 * passing rows are copied into a new batch. Schema and partitioning are the input's.
 */
public final class FilterExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final VectorEvaluator predicate;
  private final String description;

  /** Compiles {@code predicate} (which must be BOOLEAN) against the input's schema. */
  public FilterExec(ExecutionPlan input, Expr predicate) {
    this(input, ExpressionCompiler.compile(Objects.requireNonNull(predicate, "predicate"), input.schema()),
        predicate.toString());
  }

  /** Uses an already compiled predicate; it must produce a BitVector. */
  public FilterExec(ExecutionPlan input, VectorEvaluator predicate) {
    this(input, predicate, "<compiled>");
  }

  private FilterExec(ExecutionPlan input, VectorEvaluator predicate, String description) {
    this.input = Objects.requireNonNull(input, "input");
    this.predicate = Objects.requireNonNull(predicate, "predicate");
    this.description = description;
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public Partitioning outputPartitioning() {
    return input.outputPartitioning();
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    return new FilterStream(input.execute(partition, context), predicate, context);
  }

  @Override
  public String describe() {
    return "FilterExec: " + description;
  }

  private static final class FilterStream implements BatchStream {
    private final BatchStream input;
    private final VectorEvaluator predicate;
    private final TaskContext context;
    private boolean closed;

    FilterStream(BatchStream input, VectorEvaluator predicate, TaskContext context) {
      this.input = input;
      this.predicate = predicate;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public VectorSchemaRoot next() {
      if (closed) {
        return null;
      }
      while (true) {
        context.checkCancelled();
        VectorSchemaRoot batch = input.next();
        if (batch == null) {
          return null;
        }
        VectorSchemaRoot out = filter(batch);
        if (out != null) {
          return out;
        }
      }
    }

    /** Consumes {@code batch}; returns the filtered batch or null when no row passes. */
    private VectorSchemaRoot filter(VectorSchemaRoot batch) {
      int rowCount = batch.getRowCount();
      if (rowCount == 0) {
        batch.close();
        return null;
      }
      BufferAllocator allocator = context.allocator();
      boolean passThrough = false;
      try (FieldVector result = predicate.evaluate(batch, allocator)) {
        if (!(result instanceof BitVector mask)) {
          throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH,
              "filter predicate must be BOOLEAN, got " + result.getField().getType());
        }
        if (mask.getValueCount() < rowCount) {
          throw BallistaException.internal(
              "filter predicate produced " + mask.getValueCount() + " values for " + rowCount + " rows", null);
        }
        int selected = Selection.count(mask, rowCount);
        if (selected == 0) {
          return null;
        }
        if (selected == rowCount) {
          passThrough = true;
          return batch;
        }
        return Selection.filter(batch, mask, allocator);
      } finally {
        if (!passThrough) {
          batch.close();
        }
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        input.close();
      }
    }
  }
}
