package org.ballista.runtime.expr;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A RootAllocator per test (closing it fails the test on leaks) and expression shorthands. */
abstract class ExprTestBase {
  BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  static final DataType I32 = DataType.INT32;
  static final DataType I64 = DataType.INT64;
  static final DataType F64 = DataType.FLOAT64;
  static final DataType BOOL = DataType.BOOL;
  static final DataType DATE = DataType.DATE;
  static final DataType STR = DataType.UTF8;

  static DataType dec(int p, int s) {
    return DataType.decimal(p, s);
  }

  static Expr ref(int i, DataType t) {
    return new Expr.Column(i, t);
  }

  static Expr.Literal lit(Object v, DataType t) {
    return new Expr.Literal(v, t);
  }

  static Expr call(Op op, DataType t, Expr... args) {
    return new Expr.Call(op, List.of(args), t);
  }

  /** Evaluates expr over a batch made of cols; returns the values (vectors are closed). */
  List<Object> eval(Expr expr, TestBatches.Col... cols) {
    try (VectorSchemaRoot batch = TestBatches.batch(allocator, cols)) {
      VectorEvaluator ev = ExpressionCompiler.compile(expr, batch.getSchema());
      try (FieldVector out = ev.evaluate(batch, allocator)) {
        if (cols.length > 0) {
          org.junit.jupiter.api.Assertions.assertEquals(batch.getRowCount(), out.getValueCount());
        }
        return TestBatches.values(out);
      }
    }
  }

  /** Evaluates over a batch with a single row and no columns (constant expressions). */
  Object evalConst(Expr expr) {
    try (VectorSchemaRoot batch = new VectorSchemaRoot(List.of())) {
      batch.setRowCount(1);
      try (FieldVector out = ExpressionCompiler.compile(expr, batch.getSchema()).evaluate(batch, allocator)) {
        return TestBatches.values(out).get(0);
      }
    }
  }
}
