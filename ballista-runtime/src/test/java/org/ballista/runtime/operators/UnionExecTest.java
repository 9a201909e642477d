package org.ballista.runtime.operators;

import static org.ballista.runtime.testing.TestData.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.types.DataType;
import org.ballista.runtime.testing.BatchSourceExec;
import org.ballista.runtime.testing.TestData;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.Test;

class UnionExecTest extends AllocatorTest {
  private static Function<BufferAllocator, VectorSchemaRoot> batch(Schema schema, Object[] ids, Object[] names) {
    return a -> TestData.batch(a, schema, ids, names);
  }

  @Test
  void concatenatesPartitionsAndRenamesFields() {
    Schema left = new Schema(List.of(Vectors.field("a", DataType.INT32, false), Vectors.field("b", DataType.UTF8, false)));
    Schema right = new Schema(List.of(Vectors.field("x", DataType.INT32, true), Vectors.field("y", DataType.UTF8, false)));
    BatchSourceExec l = new BatchSourceExec(left, List.of(
        List.of(batch(left, new Object[] {1, 2}, new Object[] {"p", "q"})),
        List.of(batch(left, new Object[] {3}, new Object[] {"r"}))));
    BatchSourceExec r = new BatchSourceExec(right, List.of(
        List.of(batch(right, new Object[] {null, 5}, new Object[] {"s", "t"}))));
    Schema wanted = new Schema(List.of(Vectors.field("id", DataType.INT32, false), Vectors.field("name", DataType.UTF8, false)));
    UnionExec union = new UnionExec(List.of(l, r), wanted);

    assertEquals(3, union.outputPartitioning().partitionCount());
    assertTrue(union.schema().getFields().get(0).isNullable(), "nullable because the right input is");
    assertFalse(union.schema().getFields().get(1).isNullable());
    assertEquals(List.of("id", "name"), union.schema().getFields().stream().map(f -> f.getName()).toList());

    assertEquals(List.of(row(1, "p"), row(2, "q")), TestData.drain(union.execute(0, context)));
    assertEquals(List.of(row(3, "r")), TestData.drain(union.execute(1, context)));
    try (BatchStream s = union.execute(2, context); VectorSchemaRoot b = s.next()) {
      assertEquals(union.schema(), b.getSchema());
      assertEquals(List.of(row(null, "s"), row(5, "t")), TestData.rows(b));
    }
    assertEquals(2, l.closed.get());
    assertEquals(1, r.closed.get());
  }

  @Test
  void rejectsInputsOfDifferentTypes() {
    Schema a = TestData.schema("a", DataType.INT32);
    Schema b = TestData.schema("a", DataType.INT64);
    BatchSourceExec sa = new BatchSourceExec(a, List.of(List.of()));
    BatchSourceExec sb = new BatchSourceExec(b, List.of(List.of()));
    BallistaException e = assertThrows(BallistaException.class, () -> new UnionExec(List.of(sa, sb), a));
    assertEquals(BallistaException.Kind.TYPE_MISMATCH, e.kind());
  }
}
