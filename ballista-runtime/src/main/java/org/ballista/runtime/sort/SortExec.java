package org.ballista.runtime.sort;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.SortKey;
import org.ballista.runtime.operators.PartitionsInOrderStream;

/**
 * Sorts all rows of its input by {@code keys} (each ASC/DESC, NULLS FIRST/LAST) into one output
 * partition, then skips {@code offset} rows and returns at most {@code fetch} ({@code -1}: all).
 *
 * <p>The planner should give it a single-partition input (coalesce first to read partitions in
 * parallel); when the input has several partitions they are read one after the other in this
 * stream's thread.
 *
 * <p>Full sort: every batch is kept (in the task's allocator) and the key values are copied into
 * primitive arrays; an {@code int[]} of row ids is merge-sorted with a primitive comparator and
 * rows are gathered into output batches of {@code batchSize} rows. Ties keep input order (the sort
 * is stable) but callers must not rely on it.
 *
 * <p>Top-N ({@code fetch >= 0}): only the best {@code offset + fetch} rows are kept, in a bounded
 * heap of row ids; whenever the buffered batches hold more than {@code max(offset + fetch, 4 *
 * batchSize)} rows that are not in the heap, the kept rows are copied into fresh batches and the
 * old batches are released, so memory stays proportional to {@code offset + fetch}.
 *
 * <p>The input is consumed on the first {@code next()}; an input with no rows yields no batch.
 */
public final class SortExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final List<SortKey> keys;
  private final long offset;
  private final long fetch;

  public SortExec(ExecutionPlan input, List<SortKey> keys, long offset, long fetch) {
    this.input = Objects.requireNonNull(input, "input");
    this.keys = List.copyOf(keys);
    if (offset < 0 || fetch < -1) {
      throw BallistaException.internal("invalid sort offset=" + offset + " fetch=" + fetch, null);
    }
    int columns = input.schema().getFields().size();
    for (SortKey k : this.keys) {
      if (k.column() < 0 || k.column() >= columns) {
        throw BallistaException.internal("sort key column " + k.column() + " out of range (" + columns + " columns)", null);
      }
    }
    this.offset = offset;
    this.fetch = fetch;
  }

  /** A full sort without offset or limit. */
  public SortExec(ExecutionPlan input, List<SortKey> keys) {
    this(input, keys, 0, -1);
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public Partitioning outputPartitioning() {
    return Partitioning.SINGLE;
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    if (partition != 0) {
      throw BallistaException.internal("SortExec has one partition, asked for " + partition, null);
    }
    return new SortStream(context);
  }

  @Override
  public String describe() {
    String k = keys.stream()
        .map(s -> "#" + s.column() + (s.ascending() ? " ASC" : " DESC") + (s.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
        .collect(Collectors.joining(", "));
    return "SortExec: [" + k + "]" + (offset > 0 ? " offset=" + offset : "") + (fetch >= 0 ? " fetch=" + fetch : "");
  }

  private final class SortStream implements BatchStream {
    private final TaskContext context;
    private final BufferAllocator allocator;
    private final int batchSize;
    private BatchStream in;
    private SortBuffer buffer;
    private int[] order;
    private int position;
    private int end;
    private boolean consumed;
    private boolean closed;

    SortStream(TaskContext context) {
      this.context = context;
      this.allocator = context.allocator();
      this.batchSize = context.config().batchSize();
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
      if (!consumed) {
        consume();
        consumed = true;
      }
      if (position >= end) {
        release();
        return null;
      }
      context.checkCancelled();
      int count = Math.min(batchSize, end - position);
      VectorSchemaRoot out = buffer.gather(order, position, count, allocator);
      position += count;
      return out;
    }

    private void consume() {
      if (fetch == 0) {
        return;
      }
      long kept = fetch < 0 || fetch > Integer.MAX_VALUE || offset > Integer.MAX_VALUE
          ? Long.MAX_VALUE : offset + fetch;
      in = PartitionsInOrderStream.of(input, context);
      buffer = new SortBuffer(input.schema(), keys);
      if (kept > Integer.MAX_VALUE - 16) {
        fullSort();
      } else {
        topN((int) kept);
      }
      in.close();
      in = null;
    }

    private void fullSort() {
      VectorSchemaRoot batch;
      while ((batch = in.next()) != null) {
        buffer.add(batch);
        context.checkCancelled();
      }
      int n = buffer.rowCount();
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      buffer.sort(order);
      setRange(n);
    }

    private void topN(int kept) {
      TopNHeap heap = new TopNHeap(kept);
      long slack = Math.max(kept, 4L * batchSize);
      VectorSchemaRoot batch;
      while ((batch = in.next()) != null) {
        int first = buffer.add(batch);
        heap.offerRange(first, buffer.rowCount(), buffer.comparator());
        if (buffer.rowCount() - heap.size() > slack) {
          compact(heap);
        }
        context.checkCancelled();
      }
      int n = heap.size();
      order = java.util.Arrays.copyOf(heap.ids(), n);
      buffer.sort(order);
      setRange(n);
    }

    /** Copies the rows the heap keeps into fresh batches and releases the old ones. */
    private void compact(TopNHeap heap) {
      SortBuffer fresh = new SortBuffer(input.schema(), keys);
      try {
        int[] ids = heap.ids();
        int n = heap.size();
        for (int from = 0; from < n; from += batchSize) {
          fresh.add(buffer.gather(ids, from, Math.min(batchSize, n - from), allocator));
        }
      } catch (RuntimeException | Error e) {
        fresh.close();
        throw e;
      }
      SortBuffer old = buffer;
      buffer = fresh;
      heap.renumber();
      old.close();
    }

    private void setRange(int n) {
      position = (int) Math.min(offset, n);
      end = n;
    }

    private void release() {
      if (buffer != null) {
        SortBuffer b = buffer;
        buffer = null;
        order = null;
        b.close();
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
}
