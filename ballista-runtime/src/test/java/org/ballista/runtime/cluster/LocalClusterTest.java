package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.proto.rpc.ExecuteQueryParams;
import org.ballista.api.proto.rpc.GetJobStatusParams;
import org.ballista.api.proto.rpc.SchedulerGrpc;
import org.ballista.runtime.format.OutputFormat;
import org.ballista.runtime.session.LocalSessionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LocalCluster of 2 executors: results, failures reported to the client, bad requests, cleanup. */
class LocalClusterTest {
  @TempDir
  static Path dir;
  static LocalCluster cluster;
  static SessionContext ctx;

  @BeforeAll
  static void start() throws IOException {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 1000; i++) {
      sb.append(i % 7).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    cluster = LocalCluster.builder().executors(2).taskSlots(2)
        .config(SessionConfig.defaults().withTargetPartitions(2).withBatchSize(128)).build();
    ctx = cluster.session();
    ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
  }

  @AfterAll
  static void stop() {
    try {
      ctx.close();
    } finally {
      cluster.close();
    }
  }

  static String csv(String sql) throws IOException {
    try (QueryResult r = ctx.sql(sql).collect()) {
      StringBuilder sb = new StringBuilder();
      OutputFormat.CSV.write(r, sb, -1);
      return sb.toString();
    }
  }

  @Test
  void groupsJoinsAndSortsAcrossExecutors() throws IOException {
    assertEquals("k,n,s\n0,143,71071\n1,143,71214\n6,142,70929\n",
        csv("select k, count(*) as n, sum(v) as s from t where k in (0, 1, 6) group by k order by k"));
    assertEquals("n\n1000\n", csv("select count(*) as n from t a join t b on a.v = b.v"));
  }

  @Test
  void inMemoryTablesTravelWithThePlan() throws IOException {
    org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
        org.ballista.runtime.vector.Vectors.field("k", org.ballista.api.types.DataType.INT32, false),
        org.ballista.runtime.vector.Vectors.field("label", org.ballista.api.types.DataType.UTF8, true)));
    try (org.apache.arrow.memory.BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
         org.apache.arrow.vector.VectorSchemaRoot batch = org.apache.arrow.vector.VectorSchemaRoot.create(schema, allocator)) {
      batch.allocateNew();
      for (int k = 0; k < 3; k++) {
        ((org.apache.arrow.vector.IntVector) batch.getVector(0)).setSafe(k, k);
        ((org.apache.arrow.vector.VarCharVector) batch.getVector(1)).setSafe(k, ("név-" + k).getBytes(
            java.nio.charset.StandardCharsets.UTF_8));
      }
      batch.setRowCount(3);
      ctx.registerBatches("labels", schema, List.of(batch));
    }
    try {
      assertEquals("label,n\nnév-0,143\nnév-1,143\nnév-2,143\n",
          csv("select label, count(*) as n from t join labels on t.k = labels.k group by label order by label"));
    } finally {
      ctx.deregisterTable("labels");
    }
  }

  @Test
  void aFailingQueryFailsItsJobWithTheMessageAndTheClusterGoesOn() throws IOException {
    BallistaException e = assertThrows(BallistaException.class, () -> csv("select v / (k - k) from t"));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    String jobId = ((LocalSessionContext) ctx).lastJobId();
    assertEquals(org.ballista.api.proto.rpc.JobStatus.State.FAILED, ((LocalSessionContext) ctx).jobStatus(jobId).getState());
    assertEquals("n\n1000\n", csv("select count(*) as n from t"));
  }

  @Test
  void badRequestsGetClearErrors() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.schedulerPort()).usePlaintext().build();
    try {
      SchedulerGrpc.SchedulerBlockingStub stub = SchedulerGrpc.newBlockingStub(channel);
      StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
          () -> stub.getJobStatus(GetJobStatusParams.newBuilder().setJobId("no-such-job").build()));
      assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
      assertTrue(unknown.getStatus().getDescription().contains("no-such-job"));
      StatusRuntimeException garbage = assertThrows(StatusRuntimeException.class, () -> stub.executeQuery(
          ExecuteQueryParams.newBuilder().setPlan(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5})).build()));
      assertTrue(garbage.getStatus().getDescription().contains("invalid plan"), garbage.getStatus().toString());
    } finally {
      channel.shutdownNow();
    }
    BallistaException e = assertThrows(BallistaException.class, () -> ((LocalSessionContext) ctx).jobStatus("nope"));
    assertEquals(BallistaException.Kind.NOT_FOUND, e.kind());
  }

  @Test
  void finishedJobsLeaveNoShuffleFiles() throws Exception {
    csv("select k, count(*) from t group by k");
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline
        && cluster.executors().stream().anyMatch(e -> !e.jobDirectories().isEmpty())) {
      Thread.sleep(20);
    }
    for (ExecutorNode e : cluster.executors()) {
      assertEquals(java.util.List.of(), e.jobDirectories(), e.id());
    }
  }
}
