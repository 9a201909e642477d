package org.ballista.runtime.operators;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;
import org.ballista.runtime.expr.VectorEvaluator;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.junit.jupiter.api.Test;

class ProjectExecTest extends AllocatorTest {
  private static final Schema INPUT = TestData.schema("id", DataType.INT32, "name", DataType.UTF8);

  private BatchSourceExec source() {
    return BatchSourceExec.of(INPUT,
        a -> TestData.batch(a, INPUT, new Object[] {1, null, 3}, new Object[] {"x", "y", null}),
        a -> TestData.batch(a, INPUT, new Object[] {}, new Object[] {}),
        a -> TestData.batch(a, INPUT, new Object[] {7}, new Object[] {"z"}));
  }

  @Test
  void reordersAndRenamesColumns() {
    Schema out = TestData.schema("label", DataType.UTF8, "key", DataType.INT32, "key_again", DataType.INT32);
    BatchSourceExec source = source();
    ProjectExec project = new ProjectExec(source,
        List.of(new Expr.Column(1, DataType.UTF8), new Expr.Column(0, DataType.INT32), new Expr.Column(0, DataType.INT32)), out);
    assertEquals(out, project.schema());
    try (BatchStream s = project.execute(0, context)) {
      try (VectorSchemaRoot b = s.next()) {
        assertEquals(out, b.getSchema());
        assertEquals(List.of("label", "key", "key_again"),
            b.getFieldVectors().stream().map(v -> v.getField().getName()).toList());
        assertEquals(List.of(row("x", 1, 1), row("y", null, null), row(null, 3, 3)), TestData.rows(b));
      }
      try (VectorSchemaRoot b = s.next()) {
        assertEquals(0, b.getRowCount());
      }
      try (VectorSchemaRoot b = s.next()) {
        assertEquals(List.of(row("z", 7, 7)), TestData.rows(b));
      }
    }
    assertEquals(1, source.closed.get());
  }

  @Test
  void evaluatesCompiledExpressions() {
    VectorEvaluator doubled = (batch, alloc) -> {
      IntVector id = (IntVector) batch.getVector(0);
      BigIntVector out = new BigIntVector("tmp", alloc);
      out.allocateNew(batch.getRowCount());
      for (int i = 0; i < batch.getRowCount(); i++) {
        if (id.isNull(i)) {
          out.setNull(i);
        } else {
          out.set(i, 2L * id.get(i));
        }
      }
      out.setValueCount(batch.getRowCount());
      return out;
    };
    Schema out = TestData.schema("doubled", DataType.INT64);
    ProjectExec project = ProjectExec.ofEvaluators(source(), List.of(doubled), out);
    assertEquals(List.of(row(2L), row((Object) null), row(6L), row(14L)), TestData.drain(project.execute(0, context)));
  }

  @Test
  void resultTypeMustMatchOutputSchema() {
    Schema out = TestData.schema("a", DataType.INT32, "b", DataType.INT64);
    BatchSourceExec source = source();
    ProjectExec project = new ProjectExec(source,
        List.of(new Expr.Column(0, DataType.INT32), new Expr.Column(1, DataType.UTF8)), out);
    BatchStream s = project.execute(0, context);
    BallistaException e = assertThrows(BallistaException.class, s::next);
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
    s.close();
    assertEquals(1, source.closed.get());
  }
}
