package org.ballista.runtime.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.DecimalVectors;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValuesExecTest {
  BufferAllocator task;

  @BeforeEach
  void setUp() {
    task = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    task.close();
  }

  @Test
  void valuesBuildsOneBatchOfLiterals() {
    Schema schema = new Schema(List.of(
        Vectors.field("i", DataType.INT32, true),
        Vectors.field("l", DataType.INT64, true),
        Vectors.field("d", DataType.FLOAT64, true),
        Vectors.field("p", DataType.decimal(12, 2), true),
        Vectors.field("day", DataType.DATE, true),
        Vectors.field("s", DataType.UTF8, true),
        Vectors.field("b", DataType.BOOL, true)));
    List<List<Expr.Literal>> rows = List.of(
        Arrays.asList(new Expr.Literal(1, DataType.INT32), new Expr.Literal(2L, DataType.INT64),
            new Expr.Literal(0.5, DataType.FLOAT64), new Expr.Literal(new BigDecimal("12.34"), DataType.decimal(12, 2)),
            new Expr.Literal(19000, DataType.DATE), new Expr.Literal("héllo", DataType.UTF8),
            new Expr.Literal(true, DataType.BOOL)),
        Arrays.asList(new Expr.Literal(null, DataType.INT32), new Expr.Literal(7, DataType.INT32),
            new Expr.Literal(3, DataType.INT32), new Expr.Literal(new BigDecimal("-1.5"), DataType.decimal(2, 1)),
            new Expr.Literal(null, DataType.NULL), new Expr.Literal(null, DataType.UTF8),
            new Expr.Literal(false, DataType.BOOL)));
    ValuesExec values = new ValuesExec(schema, rows);
    assertEquals(1, values.outputPartitioning().partitionCount());
    try (BatchStream stream = values.execute(0, new TaskContext(task, new SessionConfig(1, 1024)))) {
      try (VectorSchemaRoot b = stream.next()) {
        assertEquals(schema, b.getSchema());
        assertEquals(2, b.getRowCount());
        assertEquals(1, ((IntVector) b.getVector(0)).get(0));
        assertTrue(b.getVector(0).isNull(1));
        assertEquals(7L, ((BigIntVector) b.getVector(1)).get(1));
        assertEquals(3.0, ((Float8Vector) b.getVector(2)).get(1));
        assertEquals(1234L, DecimalVectors.getLong((DecimalVector) b.getVector(3), 0));
        assertEquals(-150L, DecimalVectors.getLong((DecimalVector) b.getVector(3), 1));
        assertEquals(19000, ((DateDayVector) b.getVector(4)).get(0));
        assertTrue(b.getVector(4).isNull(1));
        assertEquals("héllo", new String(((VarCharVector) b.getVector(5)).get(0), StandardCharsets.UTF_8));
        assertTrue(b.getVector(5).isNull(1));
        assertEquals(0, ((BitVector) b.getVector(6)).get(1));
      }
      assertNull(stream.next());
    }
    assertThrows(BallistaException.class, () -> new ValuesExec(schema, List.of(List.of())));
    try (BatchStream stream = new ValuesExec(schema, List.of()).execute(0, new TaskContext(task, new SessionConfig(1, 1)))) {
      assertNull(stream.next());
    }
  }
}
