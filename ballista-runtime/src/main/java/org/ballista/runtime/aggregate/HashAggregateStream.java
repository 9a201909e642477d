package org.ballista.runtime.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * One partition of a {@link HashAggregateExec}: on the first {@link #next()} it drains its input
 * (closing each batch right after adding it, checking cancellation per batch), then emits the
 * groups in order of first appearance, at most {@code batchSize} per batch. The hash table and
 * accumulators are dropped once the last batch is out, or on {@link #close()}.
 */
final class HashAggregateStream implements BatchStream {
  /** Per-call wiring: which rows reach the accumulator. */
  private record Call(int argument, int filterColumn, DistinctFilter distinct, Accumulator accumulator) {}

  private final Schema outputSchema;
  private final TaskContext context;
  private final AggregateMode mode;
  private final int[] groupKeys;
  private final int batchSize;
  private BatchStream input;
  private State state;
  private boolean consumed;
  private boolean closed;
  private int emitted;

  /** Everything that grows with the data; null once released. */
  private static final class State {
    final KeyEncoder encoder;
    final GroupHashTable table;
    final Call[] calls;
    final BatchInput batch;
    long[] words = new long[0];
    int[] nullMasks = new int[0];
    long[] hashes = new long[0];
    int[] groupIds = new int[0];
    int[] sel1 = new int[0];
    int[] sel2 = new int[0];
    int[] sel3 = new int[0];
    int groupCount;

    State(KeyEncoder encoder, Call[] calls, int inputColumns) {
      this.encoder = encoder;
      this.table = encoder == null ? null : new GroupHashTable(encoder.width(), 1024);
      this.calls = calls;
      this.batch = new BatchInput(inputColumns);
    }

    void ensureRows(int n) {
      if (groupIds.length < n) {
        int w = encoder == null ? 0 : encoder.width();
        words = new long[n * w];
        nullMasks = new int[n];
        hashes = new long[n];
        groupIds = new int[n]; // stays all zeros without keys: every row is group 0
        sel1 = new int[n];
        sel2 = new int[n];
        sel3 = new int[n];
      }
    }
  }

  HashAggregateStream(BatchStream input, Schema inputSchema, int[] groupKeys, List<AggregateCall> aggregates,
      AggregateMode mode, Schema outputSchema, TaskContext context) {
    this.input = input;
    this.outputSchema = outputSchema;
    this.context = context;
    this.mode = mode;
    this.groupKeys = groupKeys;
    this.batchSize = context.config().batchSize();
    KeyEncoder encoder = null;
    if (groupKeys.length > 0) {
      List<DataType> keyTypes = new ArrayList<>();
      for (int key : groupKeys) {
        keyTypes.add(Vectors.typeOf(inputSchema.getFields().get(key)));
      }
      encoder = new KeyEncoder(keyTypes);
    }
    Call[] calls = new Call[aggregates.size()];
    for (int i = 0; i < calls.length; i++) {
      AggregateCall c = aggregates.get(i);
      DistinctFilter distinct = c.distinct()
          ? new DistinctFilter(c.argument(), Vectors.typeOf(inputSchema.getFields().get(c.argument()))) : null;
      calls[i] = new Call(c.argument(), mode == AggregateMode.FINAL ? -1 : c.filterColumn(), distinct,
          Accumulators.create(c, mode, inputSchema));
    }
    this.state = new State(encoder, calls, inputSchema.getFields().size());
    if (encoder == null) {
      state.groupCount = 1;
      for (Call c : calls) {
        c.accumulator.ensureCapacity(1);
      }
    }
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
    try {
      if (!consumed) {
        consume();
        consumed = true;
      }
      if (state == null || emitted >= state.groupCount) {
        state = null;
        return null;
      }
      return emit();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void consume() {
    while (true) {
      context.checkCancelled();
      VectorSchemaRoot batch = input.next();
      if (batch == null) {
        break;
      }
      try {
        add(batch);
      } finally {
        state.batch.clear();
        batch.close();
      }
    }
    input.close();
    input = null;
  }

  private void add(VectorSchemaRoot batch) {
    int n = batch.getRowCount();
    if (n == 0) {
      return;
    }
    State s = state;
    s.ensureRows(n);
    s.batch.reset(batch);
    int[] groupIds = s.groupIds;
    if (s.encoder != null) {
      s.encoder.clear(n, s.words, s.nullMasks);
      for (int k = 0; k < groupKeys.length; k++) {
        s.encoder.encodeVector(k, batch.getVector(groupKeys[k]), n, s.words, s.nullMasks);
      }
      s.table.hash(s.words, s.nullMasks, null, n, s.hashes);
      s.table.findOrInsert(s.words, s.nullMasks, s.hashes, null, n, groupIds);
      s.groupCount = s.table.groupCount();
    }
    for (Call c : s.calls) {
      c.accumulator.ensureCapacity(s.groupCount);
      int[] sel = null;
      int m = n;
      if (c.filterColumn >= 0) {
        m = Selections.whereTrue((BitVector) batch.getVector(c.filterColumn), null, m, s.sel1);
        sel = s.sel1;
      }
      if (c.argument >= 0 && s.batch.hasNulls(c.argument)) {
        m = Selections.nonNull(batch.getVector(c.argument), sel, m, s.sel2);
        sel = s.sel2;
      }
      if (c.distinct != null) {
        m = c.distinct.filter(s.batch, groupIds, sel, m, s.sel3);
        sel = s.sel3;
      }
      if (m > 0) {
        c.accumulator.update(s.batch, groupIds, sel, m);
      }
    }
  }

  private VectorSchemaRoot emit() {
    State s = state;
    int count = Math.min(batchSize, s.groupCount - emitted);
    BufferAllocator allocator = context.allocator();
    List<Field> fields = outputSchema.getFields();
    FieldVector[] vectors = new FieldVector[fields.size()];
    try {
      for (int i = 0; i < vectors.length; i++) {
        FieldVector v = Vectors.newVector(fields.get(i), allocator);
        vectors[i] = v;
        v.setInitialCapacity(count);
        v.allocateNew();
      }
      for (int k = 0; k < groupKeys.length; k++) {
        s.encoder.writeKey(k, s.table, emitted, count, vectors[k]);
      }
      int column = groupKeys.length;
      for (Call c : s.calls) {
        if (mode == AggregateMode.PARTIAL) {
          c.accumulator.writeState(vectors, column, emitted, count);
          column += c.accumulator.stateWidth();
        } else {
          c.accumulator.writeFinal(vectors[column], emitted, count);
          column++;
        }
      }
      VectorSchemaRoot root = Vectors.batch(outputSchema, List.of(vectors), count);
      emitted += count;
      if (emitted >= s.groupCount) {
        state = null; // release the hash table and accumulators early
      }
      return root;
    } catch (RuntimeException | Error e) {
      for (FieldVector v : vectors) {
        if (v != null) {
          v.close();
        }
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    state = null;
    if (input != null) {
      BatchStream in = input;
      input = null;
      in.close();
    }
  }
}
