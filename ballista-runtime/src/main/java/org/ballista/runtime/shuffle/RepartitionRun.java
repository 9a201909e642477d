package org.ballista.runtime.shuffle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.ExecutionPlan;
import org.ballista.api.exec.TaskContext;

/**
 * One run of a {@link RepartitionExec}: the producers, the per-output bounded queues and the output
 * streams. See {@link RepartitionExec} for the contracts; this class implements them.
 *
 * <p>Thread-safety: producers run on the executor, each output stream on its consumer's thread;
 * shared state is in atomics, volatile flags and thread-safe queues. Waits are timed (10 ms) so that
 * every waiter re-checks the stop flags, failures and cancellation.
 */
final class RepartitionRun {
  private static final long POLL_MILLIS = 10;
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int SKIPPED = 2;

  private final ExecutionPlan input;
  private final int[] keyColumns;
  private final int outputs;
  private final int inputs;
  private final ExecutorService executor;
  private final TaskContext runContext;
  private final List<ArrayBlockingQueue<VectorSchemaRoot>> queues;
  /** 1 once output p's stream was closed. */
  private final AtomicIntegerArray outputClosed;
  private final boolean[] opened; // guarded by this
  private final AtomicInteger openOutputs;
  private final AtomicInteger[] producerStates;
  private final AtomicInteger producersRunning;
  private final CountDownLatch producersFinished;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** Producers stop at their next check once set (failure, abort, or all outputs closed). */
  private volatile boolean stopped;
  private volatile boolean finished;

  RepartitionRun(ExecutionPlan input, int[] keyColumns, int outputs, ExecutorService executor, int queueCapacity,
      TaskContext runContext) {
    this.input = input;
    this.keyColumns = keyColumns;
    this.outputs = outputs;
    this.inputs = input.outputPartitioning().partitionCount();
    this.executor = executor;
    this.runContext = runContext;
    this.queues = new ArrayList<>(outputs);
    for (int p = 0; p < outputs; p++) {
      queues.add(new ArrayBlockingQueue<>(queueCapacity));
    }
    this.outputClosed = new AtomicIntegerArray(outputs);
    this.opened = new boolean[outputs];
    this.openOutputs = new AtomicInteger(outputs);
    this.producerStates = new AtomicInteger[inputs];
    for (int i = 0; i < inputs; i++) {
      producerStates[i] = new AtomicInteger(NEW);
    }
    this.producersRunning = new AtomicInteger(inputs);
    this.producersFinished = new CountDownLatch(inputs);
  }

  /** Whether every output was opened and closed, or the run was aborted: a new run is needed. */
  boolean isFinished() {
    return finished;
  }

  synchronized BatchStream open(int partition, TaskContext context) {
    if (opened[partition]) {
      throw BallistaException.internal("RepartitionExec: output partition " + partition
          + " was already executed in this run (each output may be executed once per run)", null);
    }
    opened[partition] = true;
    return new OutputStream(partition, context);
  }

  private void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    for (int i = 0; i < inputs; i++) {
      int partition = i;
      try {
        executor.execute(() -> produce(partition));
      } catch (RejectedExecutionException e) {
        if (producerStates[i].compareAndSet(NEW, SKIPPED)) {
          producerEnded();
        }
        fail(new BallistaException(BallistaException.Kind.EXECUTION,
            "executor rejected the task reading input partition " + i + " of a repartition", e));
      }
    }
  }

  private void fail(Throwable t) {
    failure.compareAndSet(null, t);
    stopped = true;
  }

  private void producerEnded() {
    producersRunning.decrementAndGet();
    producersFinished.countDown();
  }

  private void produce(int partition) {
    if (!producerStates[partition].compareAndSet(NEW, RUNNING)) {
      return;
    }
    BufferAllocator allocator = runContext.allocator();
    try (BatchStream stream = input.execute(partition, runContext)) {
      while (!stopped) {
        runContext.checkCancelled();
        VectorSchemaRoot batch = stream.next();
        if (batch == null) {
          break;
        }
        VectorSchemaRoot[] parts;
        try (batch) {
          if (batch.getRowCount() == 0) {
            continue;
          }
          int[] ids = HashPartitioner.partitionOf(batch, keyColumns, outputs);
          parts = HashPartitioner.split(batch, ids, outputs, allocator);
        }
        try {
          for (int p = 0; p < outputs; p++) {
            VectorSchemaRoot part = parts[p];
            if (part != null) {
              parts[p] = null;
              deliver(p, part);
            }
          }
        } finally {
          HashPartitioner.closeAll(parts);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new BallistaException(BallistaException.Kind.CANCELLED,
          "interrupted while repartitioning input partition " + partition, e));
    } catch (Throwable t) {
      fail(t);
    } finally {
      producerEnded();
    }
  }

  /** Queues {@code part} for output {@code p}, or closes it if that output or the run has stopped. */
  private void deliver(int p, VectorSchemaRoot part) throws InterruptedException {
    boolean queued = false;
    try {
      ArrayBlockingQueue<VectorSchemaRoot> queue = queues.get(p);
      while (!stopped && outputClosed.get(p) == 0) {
        runContext.checkCancelled();
        if (queue.offer(part, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          queued = true;
          if (outputClosed.get(p) != 0) {
            drain(queue); // the consumer closed while we were queueing: nobody else will free it
          }
          return;
        }
      }
    } finally {
      if (!queued) {
        part.close();
      }
    }
  }

  private static void drain(ArrayBlockingQueue<VectorSchemaRoot> queue) {
    VectorSchemaRoot b;
    while ((b = queue.poll()) != null) {
      b.close();
    }
  }

  /** Stops the producers, waits for them to end and frees everything queued. Idempotent. */
  private void shutDown() {
    stopped = true;
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    for (int i = 0; i < inputs; i++) {
      if (producerStates[i].compareAndSet(NEW, SKIPPED)) {
        producerEnded();
      }
    }
    boolean interrupted = false;
    while (true) {
      try {
        producersFinished.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queues.forEach(RepartitionRun::drain);
    finished = true;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  void abort() {
    fail(new BallistaException(BallistaException.Kind.CANCELLED, "repartition was closed"));
    finished = true;
    shutDown();
  }

  /** Moves {@code batch} to {@code allocator} unless it is already there; the input batch is consumed. */
  private static VectorSchemaRoot adopt(VectorSchemaRoot batch, BufferAllocator allocator) {
    List<FieldVector> vectors = batch.getFieldVectors();
    if (vectors.isEmpty() || vectors.get(0).getAllocator() == allocator) {
      return batch;
    }
    List<FieldVector> moved = new ArrayList<>(vectors.size());
    try {
      for (FieldVector v : vectors) {
        TransferPair pair = v.getTransferPair(allocator);
        pair.transfer();
        moved.add((FieldVector) pair.getTo());
      }
      return new VectorSchemaRoot(batch.getSchema(), moved, batch.getRowCount());
    } catch (RuntimeException e) {
      moved.forEach(FieldVector::close);
      throw e;
    } finally {
      batch.close();
    }
  }

  /** The stream of one output partition; one consumer thread. */
  private final class OutputStream implements BatchStream {
    private final int partition;
    private final TaskContext context;
    private final ArrayBlockingQueue<VectorSchemaRoot> queue;
    private boolean closed;

    OutputStream(int partition, TaskContext context) {
      this.partition = partition;
      this.context = context;
      this.queue = queues.get(partition);
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
      start();
      while (true) {
        Throwable t = failure.get();
        if (t != null) {
          throw RepartitionExec.propagate(t);
        }
        boolean inputDone = producersRunning.get() == 0; // read before polling: see below
        VectorSchemaRoot batch = queue.poll();
        if (batch == null) {
          if (inputDone) {
            // every producer had ended before the poll, so everything it queued was visible; a
            // producer records its failure before it counts itself as ended
            Throwable late = failure.get();
            if (late != null) {
              throw RepartitionExec.propagate(late);
            }
            return null;
          }
          context.checkCancelled();
          try {
            batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BallistaException(BallistaException.Kind.CANCELLED,
                "interrupted while waiting for repartitioned rows", e);
          }
        }
        if (batch != null) {
          return adopt(batch, context.allocator());
        }
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      outputClosed.set(partition, 1);
      drain(queue);
      if (openOutputs.decrementAndGet() == 0) {
        shutDown();
      }
    }
  }
}
