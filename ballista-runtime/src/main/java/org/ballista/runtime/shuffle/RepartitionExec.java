package org.ballista.runtime.shuffle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.expr.Expr;
import org.ballista.runtime.vector.Vectors;

/**
 * In-process hash exchange: reads all partitions of its input concurrently and routes every row to
 * output partition {@code HashPartitioner.partitionOf(keys, outputPartitions)}, so rows with equal
 * keys meet in one output partition (the same placement a distributed shuffle of the same keys
 * produces).
 *
 * <h2>How it runs</h2>
 * The first {@link #execute} of a <em>run</em> creates the shared state; the first {@code next()} of
 * any output stream starts one producer task per input partition on {@code executor}. A producer
 * splits each input batch by partition ({@link HashPartitioner#split}) and puts the pieces into one
 * bounded queue per output partition ({@code queueCapacity} batches each), waiting while a queue is
 * full. {@code execute(p)} returns a stream that drains queue {@code p}. Memory is thus bounded by
 * about {@code outputPartitions × queueCapacity} pieces plus one input batch per producer; a slow
 * consumer slows the producers down (back-pressure) instead of growing memory.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li><b>All output partitions must be consumed concurrently</b> (as a coalesce, a parallel join
 *       or the scheduler's per-partition tasks do). A consumer that reads output 0 to the end before
 *       opening output 1 can wait forever: the producers block on output 1's full queue. To release a
 *       run whose consumers cannot all proceed, cancel the run's {@link TaskContext} or call
 *       {@link #close()}.
 *   <li>Each output partition may be executed once per run. A run ends when all its outputs have
 *       been closed (or {@link #close()} aborted it); the next {@code execute} then starts a new run
 *       that reads the input again. Executing a partition twice within a run is an INTERNAL error.
 *   <li>Producers read the input with the {@link TaskContext} of the run's first {@code execute} (its
 *       allocator and cancellation flag); that allocator must outlive all output streams of the run
 *       (true in the engine, where all partitions of a query share one context). Batches handed to
 *       a consumer are transferred to the consumer's own allocator when it differs (same root).
 *   <li>The first failure of any producer (including CANCELLED from the run's context) is thrown by
 *       every output stream's {@code next()} as a {@link BallistaException} with the original message
 *       and kind; the producers then stop.
 *   <li>Closing an output stream frees what is queued for it; later rows for it are dropped. When
 *       the last output stream closes, the producers stop, and that {@code close()} waits until every
 *       producer has finished and closed its input stream and frees everything still queued: no
 *       buffer and no task outlives the run. Producer tasks not yet started never open their input.
 *   <li>{@code executor} must have threads for the producers while consumers wait (at least the
 *       number of input partitions, or consumers on other threads).
 * </ul>
 */
public final class RepartitionExec implements ExecutionPlan, AutoCloseable {
  /** Default capacity of each output partition's queue, in batches (pieces of input batches). */
  public static final int DEFAULT_QUEUE_CAPACITY = 4;

  private final ExecutionPlan input;
  private final int[] keyColumns;
  private final int outputPartitions;
  private final ExecutorService executor;
  private final int queueCapacity;
  private final Object lock = new Object();
  private RepartitionRun run; // guarded by lock

  public RepartitionExec(ExecutionPlan input, int[] keyColumns, int outputPartitions, ExecutorService executor) {
    this(input, keyColumns, outputPartitions, executor, DEFAULT_QUEUE_CAPACITY);
  }

  /** As above, with {@code queueCapacity} batches per output queue (at least 1). */
  public RepartitionExec(ExecutionPlan input, int[] keyColumns, int outputPartitions, ExecutorService executor,
      int queueCapacity) {
    this.input = Objects.requireNonNull(input, "input");
    this.keyColumns = keyColumns.clone();
    this.outputPartitions = outputPartitions;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.queueCapacity = queueCapacity;
    if (outputPartitions < 1) {
      throw new IllegalArgumentException("outputPartitions must be >= 1, got " + outputPartitions);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
    }
    if (this.keyColumns.length == 0) {
      throw new IllegalArgumentException("RepartitionExec needs at least one key column");
    }
    int columns = input.schema().getFields().size();
    for (int k : this.keyColumns) {
      if (k < 0 || k >= columns) {
        throw new IllegalArgumentException("key column " + k + " out of range for " + columns + " columns");
      }
    }
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public Partitioning outputPartitioning() {
    List<Expr> keys = new ArrayList<>(keyColumns.length);
    for (int k : keyColumns) {
      keys.add(new Expr.Column(k, Vectors.typeOf(input.schema().getFields().get(k))));
    }
    return new Partitioning.Hash(keys, outputPartitions);
  }

  @Override
  public List<ExecutionPlan> children() {
    return List.of(input);
  }

  public int[] keyColumns() {
    return keyColumns.clone();
  }

  @Override
  public BatchStream execute(int partition, TaskContext context) {
    Objects.checkIndex(partition, outputPartitions);
    synchronized (lock) {
      if (run == null || run.isFinished()) {
        run = new RepartitionRun(input, keyColumns, outputPartitions, executor, queueCapacity, context);
      }
      return run.open(partition, context);
    }
  }

  /**
   * Aborts the current run, if any: producers stop, queued batches are freed, and this call waits
   * until every producer task has ended. Output streams still open then fail with CANCELLED from
   * {@code next()} (their owners still close them). A later {@code execute} starts a new run.
   */
  @Override
  public void close() {
    RepartitionRun current;
    synchronized (lock) {
      current = run;
      run = null;
    }
    if (current != null) {
      current.abort();
    }
  }

  @Override
  public String describe() {
    List<String> names = new ArrayList<>();
    for (int k : keyColumns) {
      Field f = input.schema().getFields().get(k);
      names.add(f.getName());
    }
    return "RepartitionExec: hash" + names + " " + input.outputPartitioning().partitionCount() + " -> "
        + outputPartitions;
  }

  /** Converts a producer failure into the exception a consumer throws. */
  static BallistaException propagate(Throwable t) {
    String message = t.getMessage() != null ? t.getMessage() : t.toString();
    BallistaException.Kind kind = t instanceof BallistaException b ? b.kind() : BallistaException.Kind.EXECUTION;
    return new BallistaException(kind, message, t);
  }
}
