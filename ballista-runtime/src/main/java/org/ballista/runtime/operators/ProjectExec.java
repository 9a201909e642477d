package org.ballista.runtime.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.runtime.expr.ExpressionCompiler;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.vector.Vectors;

/**
 * Evaluates one expression per output column on each input batch. The output batch has {@code
 * outputSchema} (its field names replace whatever the evaluators produced; each result's Arrow type
 * must equal the output field's). Partitioning is the input's (note: hash partitioning keys still
 * refer to input columns).
 */
public final class ProjectExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final List<VectorEvaluator> evaluators;
  private final Schema outputSchema;
  private final String description;

  /** Compiles each of {@code exprs} against the input's schema. */
  public ProjectExec(ExecutionPlan input, List<Expr> exprs, Schema outputSchema) {
    this(input, compile(exprs, input.schema()), outputSchema, exprs.toString());
  }

  /** Uses already compiled expressions, one per field of {@code outputSchema}. */
  public static ProjectExec ofEvaluators(ExecutionPlan input, List<VectorEvaluator> evaluators, Schema outputSchema) {
    return new ProjectExec(input, evaluators, outputSchema, "<compiled x" + evaluators.size() + ">");
  }

  private ProjectExec(ExecutionPlan input, List<VectorEvaluator> evaluators, Schema outputSchema, String description) {
    this.input = Objects.requireNonNull(input, "input");
    this.evaluators = List.copyOf(evaluators);
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
    this.description = description;
    if (this.evaluators.size() != outputSchema.getFields().size()) {
      throw BallistaException.internal("projection has " + this.evaluators.size()
          + " expressions but output schema has " + outputSchema.getFields().size() + " fields", null);
    }
  }

  private static List<VectorEvaluator> compile(List<Expr> exprs, Schema schema) {
    List<VectorEvaluator> out = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      out.add(ExpressionCompiler.compile(e, schema));
    }
    return out;
  }

  @Override
  public Schema schema() {
    return outputSchema;
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
    return new ProjectStream(input.execute(partition, context), context);
  }

  @Override
  public String describe() {
    return "ProjectExec: " + description + " -> " + outputSchema;
  }

  private final class ProjectStream implements BatchStream {
    private final BatchStream input;
    private final TaskContext context;
    private boolean closed;

    ProjectStream(BatchStream input, TaskContext context) {
      this.input = input;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return outputSchema;
    }

    @Override
    public VectorSchemaRoot next() {
      if (closed) {
        return null;
      }
      context.checkCancelled();
      VectorSchemaRoot batch = input.next();
      if (batch == null) {
        return null;
      }
      List<FieldVector> columns = new ArrayList<>(evaluators.size());
      try (batch) {
        int rowCount = batch.getRowCount();
        for (int i = 0; i < evaluators.size(); i++) {
          FieldVector v = evaluators.get(i).evaluate(batch, context.allocator());
          columns.add(v);
          ArrowType want = outputSchema.getFields().get(i).getType();
          if (!v.getField().getType().equals(want)) {
            throw new BallistaException(BallistaException.Kind.TYPE_MISMATCH, "projection column "
                + outputSchema.getFields().get(i).getName() + ": expression produced "
                + v.getField().getType() + ", expected " + want);
          }
        }
        VectorSchemaRoot out = Vectors.batch(outputSchema, columns, rowCount);
        columns.clear();
        return out;
      } finally {
        columns.forEach(FieldVector::close);
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
