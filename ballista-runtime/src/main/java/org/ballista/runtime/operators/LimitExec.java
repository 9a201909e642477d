package org.ballista.runtime.operators;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * Skips the first {@code offset} rows and returns at most {@code fetch} rows ({@code -1}: no limit)
 * of its input, as one output partition.
 *
 * <p>The input should have a single partition (the planner coalesces or sorts first); if it has
 * several, they are read one after another in partition order in the one output stream, so the
 * result is deterministic only if that order means something. Batches are sliced with Arrow's
 * splitAndTransfer (zero-copy when aligned). Once {@code fetch} rows have been produced the input
 * stream is closed immediately and no further input is pulled.
 */
public final class LimitExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final long offset;
  private final long fetch;

  public LimitExec(ExecutionPlan input, long offset, long fetch) {
    this.input = Objects.requireNonNull(input, "input");
    if (offset < 0 || fetch < -1) {
      throw BallistaException.internal("invalid LIMIT offset=" + offset + " fetch=" + fetch, null);
    }
    this.offset = offset;
    this.fetch = fetch;
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
      throw BallistaException.internal("LimitExec has one partition, asked for " + partition, null);
    }
    return new LimitStream(context);
  }

  @Override
  public String describe() {
    return "LimitExec: offset=" + offset + " fetch=" + (fetch < 0 ? "all" : fetch);
  }

  private final class LimitStream implements BatchStream {
    private final TaskContext context;
    private BatchStream in;
    private long toSkip = offset;
    /** Rows still to return; Long.MAX_VALUE when unlimited. */
    private long remaining = fetch < 0 ? Long.MAX_VALUE : fetch;
    private boolean done;

    LimitStream(TaskContext context) {
      this.context = context;
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public VectorSchemaRoot next() {
      while (!done && remaining > 0) {
        context.checkCancelled();
        if (in == null) {
          in = PartitionsInOrderStream.of(input, context);
        }
        VectorSchemaRoot batch = in.next();
        if (batch == null) {
          break;
        }
        int rows = batch.getRowCount();
        if (toSkip >= rows) {
          toSkip -= rows;
          batch.close();
          continue;
        }
        int start = (int) toSkip;
        toSkip = 0;
        int take = (int) Math.min(rows - start, remaining);
        remaining -= take;
        VectorSchemaRoot out;
        if (start == 0 && take == rows) {
          out = batch;
        } else {
          try (batch) {
            out = Batches.slice(batch, start, take, context.allocator());
          }
        }
        if (remaining == 0) {
          close();
        }
        return out;
      }
      close();
      return null;
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        if (in != null) {
          in.close();
        }
      }
    }
  }
}
