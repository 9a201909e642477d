package org.ballista.runtime.window;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;

/**
 * One partition of a {@link WindowExec}: on the first {@code next()} reads the whole input
 * partition, computes every call, then hands out batches of at most the session batch size. Owns
 * the input stream, the buffered batches and the computed columns; all are released when exhausted
 * or closed, also after a failure.
 */
final class WindowStream implements BatchStream {
  private final ExecutionPlan inputPlan;
  private final int partition;
  private final TaskContext context;
  private final BufferAllocator allocator;
  private final Schema schema;
  private final int[] partitionKeys;
  private final List<SortKey> orderKeys;
  private final List<CallEvaluator> evaluators;
  private final int batchSize;
  private BatchStream in;
  private WindowInput buffer;
  private WindowColumn[] results;
  private int position;
  private boolean consumed;
  private boolean closed;

  WindowStream(ExecutionPlan inputPlan, int partition, TaskContext context, Schema schema, int[] partitionKeys,
      List<SortKey> orderKeys, List<CallEvaluator> evaluators) {
    this.inputPlan = inputPlan;
    this.partition = partition;
    this.context = context;
    this.allocator = context.allocator();
    this.schema = schema;
    this.partitionKeys = partitionKeys;
    this.orderKeys = orderKeys;
    this.evaluators = evaluators;
    this.batchSize = context.config().batchSize();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    try {
      if (!consumed) {
        consumed = true;
        consume();
      }
      if (buffer == null || position >= buffer.rowCount()) {
        release();
        return null;
      }
      context.checkCancelled();
      int end = buffer.chunkEnd(position, batchSize);
      VectorSchemaRoot out = emit(position, end - position);
      position = end;
      return out;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void consume() {
    in = inputPlan.execute(partition, context);
    buffer = new WindowInput();
    VectorSchemaRoot batch;
    while ((batch = in.next()) != null) {
      buffer.add(batch);
      context.checkCancelled();
    }
    BatchStream i = in;
    in = null;
    i.close();
    int n = buffer.rowCount();
    if (n == 0) {
      return;
    }
    boolean peers = false;
    for (CallEvaluator e : evaluators) {
      peers |= e.needsPeers();
    }
    Boundaries bounds = Boundaries.compute(buffer.batches(), n, partitionKeys, orderKeys, peers);
    int[] lo = new int[n];
    int[] hi = new int[n];
    int inputColumns = schema.getFields().size() - evaluators.size();
    results = new WindowColumn[evaluators.size()];
    for (int k = 0; k < evaluators.size(); k++) {
      Field field = schema.getFields().get(inputColumns + k);
      results[k] = evaluators.get(k).compute(buffer, bounds, lo, hi, field, allocator);
      context.checkCancelled();
    }
  }

  private VectorSchemaRoot emit(int from, int count) {
    List<Field> fields = schema.getFields();
    int inputColumns = fields.size() - results.length;
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    try {
      for (int c = 0; c < inputColumns; c++) {
        vectors.add(buffer.column(c, fields.get(c), from, count, allocator));
      }
      for (int k = 0; k < results.length; k++) {
        vectors.add(results[k].write(fields.get(inputColumns + k), from, count, buffer, allocator));
      }
      return new VectorSchemaRoot(schema, vectors, count);
    } catch (RuntimeException | Error e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  private void release() {
    RuntimeException failure = null;
    if (results != null) {
      for (WindowColumn r : results) {
        if (r != null) {
          try {
            r.close();
          } catch (RuntimeException e) {
            failure = e;
          }
        }
      }
      results = null;
    }
    if (buffer != null) {
      WindowInput b = buffer;
      buffer = null;
      b.close();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (in != null) {
        BatchStream i = in;
        in = null;
        i.close();
      }
    } finally {
      release();
    }
  }
}
