package org.ballista.runtime.join;

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
import org.ballista.api.plan.JoinType;
import org.ballista.runtime.vector.VectorTake;

/**
 * The probe-side driver shared by the hash and nested-loop joins. For each probe batch it asks a
 * {@link Candidates} source for candidate (probe row, build row) pairs in chunks, filters them with
 * the residual condition, records which probe rows (and, for RIGHT/FULL, which build rows) matched,
 * queues the output pairs, and emits batches of at most {@code batchSize} rows by gathering the
 * left columns from the probe batch (zero-copy when the rows are a contiguous run) and the right
 * columns from the collected build side. After the last probe batch, RIGHT/FULL joins emit the
 * unmatched build rows.
 *
 * <p>Owns its probe input and current probe batch; holds one registration on the shared build,
 * released by {@link #close()}. Not thread-safe (one consumer), per {@link BatchStream}.
 */
abstract class JoinStream<B extends JoinStream.JoinBuild> implements BatchStream {
  /** What a join keeps of its build side. */
  interface JoinBuild extends AutoCloseable {
    CollectedSide side();

    @Override
    void close();
  }

  /** Produces the candidate pairs of one probe batch. */
  interface Candidates {
    /** Starts a new probe batch of {@code rows} rows. */
    void start(VectorSchemaRoot probe, int rows);

    /**
     * Writes up to {@code max} candidate pairs into {@code p}/{@code b}; 0 means the batch is done.
     * Sources may skip the rest of a probe row once {@code matched} is set for it.
     */
    int next(int[] p, int[] b, int max, boolean[] matched);
  }

  private final TaskContext context;
  private final BufferAllocator allocator;
  private final JoinType joinType;
  private final Schema outputSchema;
  private final int leftColumns;
  private final JoinCondition condition;
  private final SharedBuild<B> shared;
  private final ExecutionPlan left;
  private final int[] probePartitions;
  private final int batchSize;
  private final boolean needMatched;
  private final boolean trackBuild;
  private final boolean emitsPairs;

  private boolean registered = true;
  private boolean closed;
  private boolean finished;
  private B build;
  private CollectedSide side;
  private Candidates candidates;
  private ProbeInput input;
  private VectorSchemaRoot probe;
  private int probeRows;
  private boolean[] probeNulls = new boolean[0];
  private boolean batchDone;
  private boolean probeExhausted;
  private boolean[] matched = new boolean[0];
  private long[] buildMatched;
  private int unmatchedCursor;
  private final PairQueue queue;
  private final int[] candP;
  private final int[] candB;

  /** The caller has already {@link SharedBuild#register registered} this stream on {@code shared}. */
  JoinStream(TaskContext context, JoinType joinType, Schema outputSchema, int leftColumns, JoinCondition condition,
      SharedBuild<B> shared, ExecutionPlan left, int[] probePartitions) {
    this.context = context;
    this.allocator = context.allocator();
    this.joinType = joinType;
    this.outputSchema = outputSchema;
    this.leftColumns = leftColumns;
    this.condition = condition;
    this.shared = shared;
    this.left = left;
    this.probePartitions = probePartitions;
    this.batchSize = context.config().batchSize();
    this.needMatched = joinType != JoinType.INNER && joinType != JoinType.RIGHT;
    this.trackBuild = joinType == JoinType.RIGHT || joinType == JoinType.FULL;
    this.emitsPairs = joinType.outputsRight();
    this.queue = new PairQueue(2 * batchSize);
    this.candP = new int[batchSize];
    this.candB = new int[batchSize];
  }

  /** The candidate source for a newly acquired build. */
  abstract Candidates candidates(B build);

  /** Whether the output is known to be empty for this build (then the probe side is never read). */
  abstract boolean outputEmpty(B build);

  boolean firstMatchOnly() {
    return condition == null && (joinType == JoinType.SEMI || joinType == JoinType.ANTI
        || joinType == JoinType.NULL_AWARE_ANTI);
  }

  boolean skipMatched() {
    return condition != null && (joinType == JoinType.SEMI || joinType == JoinType.ANTI
        || joinType == JoinType.NULL_AWARE_ANTI);
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed || finished) {
      return null;
    }
    if (build == null) {
      build = shared.get(context);
      side = build.side();
      if (outputEmpty(build)) {
        finished = true;
        return null;
      }
      candidates = candidates(build);
      if (trackBuild) {
        buildMatched = new long[(side.rowCount() + 63) >>> 6];
      }
      input = new ProbeInput(left, probePartitions, context);
    }
    while (true) {
      if (queue.size() >= batchSize || (queue.size() > 0 && (batchDone || probeExhausted))) {
        return emit(Math.min(batchSize, queue.size()));
      }
      if (probeExhausted) {
        if (trackBuild && unmatchedCursor < side.rowCount()) {
          queueUnmatchedBuildRows();
          continue;
        }
        finished = true;
        return null;
      }
      if (batchDone) {
        closeProbe();
      }
      if (probe == null) {
        VectorSchemaRoot b = input.next();
        if (b == null) {
          probeExhausted = true;
          input.close();
          continue;
        }
        startProbe(b);
        continue;
      }
      batchDone = generate();
    }
  }

  private void startProbe(VectorSchemaRoot b) {
    probe = b;
    probeRows = b.getRowCount();
    batchDone = false;
    if (needMatched) {
      if (matched.length < probeRows) {
        matched = new boolean[probeRows];
      } else {
        java.util.Arrays.fill(matched, 0, probeRows, false);
      }
    }
    if (probeNulls.length < leftColumns) {
      probeNulls = new boolean[leftColumns];
    }
    for (int c = 0; c < leftColumns; c++) {
      probeNulls[c] = b.getVector(c).getNullCount() > 0;
    }
    candidates.start(b, probeRows);
  }

  /** Generates output pairs for the current probe batch; true when the batch is fully processed. */
  private boolean generate() {
    while (queue.size() < batchSize) {
      // a probe batch may make millions of pairs that match nothing: check between chunks, not only between batches
      context.checkCancelled();
      int n = candidates.next(candP, candB, batchSize, matched);
      if (n == 0) {
        finishBatch();
        return true;
      }
      if (condition != null) {
        n = condition.filter(probe, side, candP, candB, n, allocator);
      }
      if (needMatched) {
        for (int i = 0; i < n; i++) {
          matched[candP[i]] = true;
        }
      }
      if (trackBuild) {
        for (int i = 0; i < n; i++) {
          int b = candB[i];
          buildMatched[b >>> 6] |= 1L << b;
        }
      }
      if (emitsPairs) {
        queue.addAll(candP, candB, n);
      }
    }
    return false;
  }

  private void finishBatch() {
    switch (joinType) {
      case LEFT, FULL, ANTI, NULL_AWARE_ANTI -> {
        for (int p = 0; p < probeRows; p++) {
          if (!matched[p]) {
            queue.add(p, -1);
          }
        }
      }
      case SEMI -> {
        for (int p = 0; p < probeRows; p++) {
          if (matched[p]) {
            queue.add(p, -1);
          }
        }
      }
      default -> { }
    }
  }

  private void queueUnmatchedBuildRows() {
    int rows = side.rowCount();
    int added = 0;
    while (unmatchedCursor < rows && added < batchSize) {
      int b = unmatchedCursor++;
      if ((buildMatched[b >>> 6] & (1L << b)) == 0) {
        queue.add(-1, b);
        added++;
      }
    }
  }

  private VectorSchemaRoot emit(int count) {
    List<Field> fields = outputSchema.getFields();
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    int s = queue.start;
    try {
      boolean run = probe != null && VectorTake.isRun(queue.probe, s, count);
      for (int c = 0; c < leftColumns; c++) {
        Field f = fields.get(c);
        if (run) {
          vectors.add(VectorTake.slice(probe.getVector(c), queue.probe[s], count, f, allocator));
        } else if (probe == null) {
          vectors.add(VectorTake.nulls(f, count, allocator));
        } else {
          vectors.add(VectorTake.take(probe.getVector(c), probeNulls[c], queue.probe, s, count, f, allocator));
        }
      }
      if (joinType.outputsRight()) {
        for (int c = leftColumns; c < fields.size(); c++) {
          int rc = c - leftColumns;
          vectors.add(VectorTake.take(side.column(rc), side.mayHaveNulls(rc), queue.build, s, count, fields.get(c),
              allocator));
        }
      }
      queue.consume(count);
      VectorSchemaRoot out = new VectorSchemaRoot(fields, vectors, count);
      vectors = null;
      return out;
    } finally {
      if (vectors != null) {
        for (FieldVector v : vectors) {
          v.close();
        }
      }
    }
  }

  private void closeProbe() {
    if (probe != null) {
      VectorSchemaRoot b = probe;
      probe = null;
      b.close();
    }
    batchDone = false;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeProbe();
    } finally {
      try {
        if (input != null) {
          input.close();
        }
      } finally {
        if (registered) {
          registered = false;
          build = null;
          side = null;
          shared.unregister();
        }
      }
    }
  }
}
