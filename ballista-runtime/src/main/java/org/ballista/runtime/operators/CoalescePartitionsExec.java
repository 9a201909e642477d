package org.ballista.runtime.operators;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.exec.TaskContext;

/**
 * Merges all partitions of its input into one output partition, reading the input partitions
 * concurrently: one task per input partition runs on {@code executor} and feeds a bounded queue
 * (2 batches per partition) that the consumer drains. Batch order across partitions is arbitrary.
 * With a single input partition the input stream is returned as is.
 *
 * <p>Contracts:
 * <ul>
 *   <li>The first failure of any partition is rethrown by the consumer's {@code next()} as a
 *       {@link BallistaException} with the original message (and kind, if it was one) and the
 *       original exception as its cause; the other producers then stop.
 *   <li>{@code close()} (also before exhaustion) stops the producers, closes every batch still
 *       queued or in flight and waits until every producer task has finished and closed its input
 *       stream; tasks not yet started do not open their partition at all.
 *   <li>Producers check {@link TaskContext#checkCancelled()} between batches; the consumer checks it
 *       while waiting.
 *   <li>{@code executor} must be able to run the producer tasks while the consumer waits (a pool
 *       whose only threads are blocked consumers would stall, as with any bounded pool).
 * </ul>
 */
public final class CoalescePartitionsExec implements ExecutionPlan {
  private final ExecutionPlan input;
  private final ExecutorService executor;

  public CoalescePartitionsExec(ExecutionPlan input, ExecutorService executor) {
    this.input = Objects.requireNonNull(input, "input");
    this.executor = Objects.requireNonNull(executor, "executor");
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
      throw BallistaException.internal(
          "CoalescePartitionsExec has one partition, asked for " + partition, null);
    }
    int partitions = input.outputPartitioning().partitionCount();
    if (partitions == 1) {
      return input.execute(0, context);
    }
    return new CoalesceStream(input, partitions, executor, context);
  }

  @Override
  public String describe() {
    return "CoalescePartitionsExec: " + input.outputPartitioning().partitionCount() + " -> 1";
  }

  /** Converts a producer failure into the exception the consumer throws. */
  static BallistaException propagate(Throwable t) {
    String message = t.getMessage() != null ? t.getMessage() : t.toString();
    BallistaException.Kind kind =
        t instanceof BallistaException b ? b.kind() : BallistaException.Kind.EXECUTION;
    return new BallistaException(kind, message, t);
  }

  private static final class CoalesceStream implements BatchStream {
    private static final Object DONE = new Object();
    private static final long POLL_MILLIS = 10;
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int SKIPPED = 2;

    private final ExecutionPlan input;
    private final int partitions;
    private final ExecutorService executor;
    private final TaskContext context;
    private final BlockingQueue<Object> queue;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger[] states;
    /** Counts producers that have finished, or will never run. */
    private final CountDownLatch finished;
    /** Set when the consumer closed or a producer failed: producers stop at their next check. */
    private volatile boolean stopped;

    // consumer-side state (one consumer thread)
    private boolean started;
    private boolean closed;
    private int running;

    CoalesceStream(ExecutionPlan input, int partitions, ExecutorService executor, TaskContext context) {
      this.input = input;
      this.partitions = partitions;
      this.executor = executor;
      this.context = context;
      this.queue = new ArrayBlockingQueue<>(2 * partitions);
      this.states = new AtomicInteger[partitions];
      for (int p = 0; p < partitions; p++) {
        states[p] = new AtomicInteger(NEW);
      }
      this.finished = new CountDownLatch(partitions);
      this.running = partitions;
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    private void start() {
      started = true;
      for (int p = 0; p < partitions; p++) {
        int partition = p;
        try {
          executor.execute(() -> produce(partition));
        } catch (RejectedExecutionException e) {
          if (states[p].compareAndSet(NEW, SKIPPED)) {
            finished.countDown();
          }
          failure.compareAndSet(null, new BallistaException(BallistaException.Kind.EXECUTION,
              "executor rejected the task reading partition " + p, e));
          stopped = true;
        }
      }
    }

    private void produce(int partition) {
      if (!states[partition].compareAndSet(NEW, RUNNING)) {
        return;
      }
      try {
        boolean exhausted = false;
        try (BatchStream stream = input.execute(partition, context)) {
          while (!stopped) {
            context.checkCancelled();
            VectorSchemaRoot batch = stream.next();
            if (batch == null) {
              exhausted = true;
              break;
            }
            boolean handedOver = false;
            try {
              handedOver = offer(batch);
            } finally {
              if (!handedOver) {
                batch.close();
              }
            }
          }
        }
        if (exhausted) {
          offer(DONE); // only after the stream closed cleanly
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        stopped = true;
      } finally {
        finished.countDown();
      }
    }

    /** Puts {@code item} into the queue unless the stream stops first; true if it was queued. */
    private boolean offer(Object item) throws InterruptedException {
      while (!stopped) {
        if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public VectorSchemaRoot next() {
      if (closed) {
        return null;
      }
      if (!started) {
        start();
      }
      while (true) {
        Throwable t = failure.get();
        if (t != null) {
          stopped = true;
          throw propagate(t);
        }
        if (running == 0) {
          return null;
        }
        context.checkCancelled();
        Object item;
        try {
          item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
          throw new BallistaException(BallistaException.Kind.CANCELLED,
              "interrupted while waiting for input partitions", e);
        }
        if (item == DONE) {
          running--;
        } else if (item != null) {
          return (VectorSchemaRoot) item;
        }
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      stopped = true;
      if (!started) {
        return;
      }
      for (int p = 0; p < partitions; p++) {
        if (states[p].compareAndSet(NEW, SKIPPED)) {
          finished.countDown();
        }
      }
      drain();
      boolean interrupted = false;
      while (true) {
        try {
          finished.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      drain();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void drain() {
      Object item;
      while ((item = queue.poll()) != null) {
        if (item instanceof VectorSchemaRoot batch) {
          batch.close();
        }
      }
    }
  }
}
