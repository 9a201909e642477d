package org.ballista.runtime.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;
import org.ballista.planner.distributed.Stage;
import org.ballista.planner.distributed.StagePlan;
import org.ballista.runtime.session.QueryRunner;
import org.ballista.runtime.shuffle.ShuffleFiles;
import org.ballista.runtime.shuffle.ShuffleOutput;
import org.ballista.runtime.shuffle.ShuffleReaderExec;
import org.ballista.runtime.shuffle.ShuffleWriterExec;

/**
 * Runs a query's stages in this process, as a cluster would but without the network: stages in
 * dependency order, each stage's tasks in parallel (at most {@code targetPartitions} at a time),
 * every task writing real shuffle files under the work dir that the next stage reads back. The
 * final stage's output is the result; the job's files are deleted at the end, also on failure.
 */
public final class LocalStageRunner {
  private static final String EXECUTOR_ID = "local";

  private final ExecutionPlanFactory factory;
  private final ExecutorService executor;
  private final SessionConfig config;
  private final ShuffleTransport transport;
  private final QueryRunner results = new QueryRunner();

  public LocalStageRunner(ExecutionPlanFactory factory, ExecutorService executor, SessionConfig config,
      ShuffleTransport transport) {
    this.factory = factory;
    this.executor = executor;
    this.config = config;
    this.transport = transport;
  }

  public QueryResult run(StagePlan plan, Path workDir, BufferAllocator allocator) {
    String jobId = "job-" + UUID.randomUUID();
    Map<Integer, List<List<ShuffleLocation>>> outputs = new HashMap<>();
    try {
      for (Stage stage : plan.stages()) {
        outputs.put(stage.id(), runStage(stage, new StageInputs(jobId, workDir, transport, outputs, -1), allocator));
      }
      List<ShuffleLocation> result = outputs.get(plan.finalStage().id()).get(0);
      ShuffleReaderExec reader = new ShuffleReaderExec(plan.schema(), List.of(result), transport);
      return results.collect(reader, plan.schema(), allocator, config);
    } finally {
      ShuffleFiles.deleteJob(workDir, jobId);
    }
  }

  private List<List<ShuffleLocation>> runStage(Stage stage, StageInputs inputs, BufferAllocator allocator) {
    PlanNode.ShuffleWrite write = stage.plan();
    int tasks = factory.taskCount(write, inputs);
    Semaphore slots = new Semaphore(config.targetPartitions());
    List<Future<List<ShuffleOutput>>> running = new ArrayList<>();
    for (int p = 0; p < tasks; p++) {
      int partition = p;
      running.add(executor.submit(() -> {
        slots.acquireUninterruptibly();
        try {
          return runTask(write, inputs.forTask(partition), partition, allocator);
        } finally {
          slots.release();
        }
      }));
    }
    List<List<ShuffleLocation>> byPartition = new ArrayList<>();
    for (int i = 0; i < write.outputPartitions(); i++) {
      byPartition.add(new ArrayList<>());
    }
    BallistaException failure = null;
    for (Future<List<ShuffleOutput>> f : running) {
      try {
        for (ShuffleOutput o : f.get()) {
          byPartition.get(o.outputPartition()).add(o.toLocation(EXECUTOR_ID, "localhost", 0));
        }
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = QueryRunner.translate(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BallistaException(BallistaException.Kind.CANCELLED, "interrupted while running stage " + stage.id());
      }
    }
    if (failure != null) {
      throw failure;
    }
    return byPartition;
  }

  private List<ShuffleOutput> runTask(PlanNode.ShuffleWrite write, StageInputs inputs, int partition,
      BufferAllocator parent) {
    ShuffleWriterExec task = factory.createStage(write, inputs);
    try (BufferAllocator allocator = parent.newChildAllocator(
        inputs.jobId() + "-stage-" + write.stageId() + "-task-" + partition, 0, Long.MAX_VALUE)) {
      TaskContext context = new TaskContext(allocator, config);
      try (BatchStream stream = task.executeTask(factory.inputPartitionOf(write, partition), partition, 0, context)) {
        List<ShuffleOutput> written = new ArrayList<>();
        VectorSchemaRoot batch;
        while ((batch = stream.next()) != null) {
          try (VectorSchemaRoot b = batch) {
            written.addAll(ShuffleOutput.fromBatch(b));
          }
        }
        return written;
      }
    }
  }
}
