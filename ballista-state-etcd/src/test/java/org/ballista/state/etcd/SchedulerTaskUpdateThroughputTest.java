package org.ballista.state.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.TableSource;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.PartitionStats;
import org.ballista.api.proto.rpc.ExecutorMetadata;
import org.ballista.api.proto.rpc.JobStatus;
import org.ballista.api.proto.rpc.TaskDefinition;
import org.ballista.api.proto.rpc.TaskStatus;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.types.DataType;
import org.ballista.runtime.cluster.SchedulerCore;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.session.MemoryTables;
import org.ballista.runtime.vector.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task status updates per second through a scheduler whose state is in a real etcd, with job
 * ownership on: task updates are applied in memory and only stage completions and the job's end are
 * written (no global lock, no graph rewrite per task). Prints the figure; asserts only correctness.
 */
class SchedulerTaskUpdateThroughputTest {
  @TempDir
  Path dir;

  @Test
  void measuresTaskUpdatesPerSecond() throws Exception {
    int partitions = 200;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      Path f = dir.resolve("part-" + i + ".csv");
      Files.writeString(f, "k\n1\n");
      files.add(f.toString());
    }
    Schema schema = new Schema(List.of(Vectors.field("k", DataType.INT64, true)));
    PlanNode scan = new PlanNode.Scan("t", new TableSource.Csv(files, schema, true, ','), new int[] {0}, List.of(), schema);
    Schema out = new Schema(List.of(Vectors.field("k", DataType.INT64, true), Vectors.field("n", DataType.INT64, false)));
    PlanNode plan = new PlanNode.Aggregate(scan, new int[] {0},
        List.of(new AggregateCall(AggregateCall.AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "n")),
        AggregateMode.SINGLE, out);
    SessionConfig config = SessionConfig.defaults().withTargetPartitions(partitions);
    try (EtcdProcess etcd = EtcdProcess.start(Files.createDirectories(dir.resolve("etcd")));
         EtcdStateBackend state = new EtcdStateBackend(List.of(etcd.endpoint()), "throughput")) {
      SchedulerCore core = new SchedulerCore(config,
          new ExecutionPlanFactory(config, Executors.newCachedThreadPool(), new MemoryTables()), state);
      core.startOwnership(Duration.ofSeconds(10));
      ExecutorMetadata executor = ExecutorMetadata.newBuilder().setExecutorId("e1").setHost("127.0.0.1")
          .setFlightPort(1).setTaskSlots(64).build();
      String jobId = core.submit(plan, "throughput");
      long start = System.nanoTime();
      int updates = 0;
      List<TaskStatus> statuses = new ArrayList<>();
      while (core.status(jobId).getState() == JobStatus.State.RUNNING) {
        List<TaskDefinition> tasks = core.poll(executor, 64, statuses);
        statuses = new ArrayList<>();
        for (TaskDefinition t : tasks) {
          TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(t.getTaskId()).setExecutorId("e1")
              .setState(TaskStatus.State.SUCCESS);
          s.addShuffleOutputs(PartitionLocation.newBuilder().setJobId(jobId).setStageId(t.getTaskId().getStageId())
              .setOutputPartitionId(0).setExecutorId("e1").setHost("127.0.0.1").setFlightPort(1)
              .setPath("x/" + t.getTaskId().getPartitionId()).setStats(PartitionStats.newBuilder().setRows(1).setBytes(10)));
          statuses.add(s.build());
          updates++;
        }
        if (tasks.isEmpty() && statuses.isEmpty()) {
          break;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(JobStatus.State.COMPLETED, core.status(jobId).getState());
      System.out.printf("scheduler on etcd: %d task updates in %.3f s = %.0f task updates/s%n", updates, seconds,
          updates / seconds);
    }
  }
}
