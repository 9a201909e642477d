package org.ballista.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.BatchStream;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.exec.TaskContext;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;
import org.ballista.runtime.session.LocalSessionContext;
import org.ballista.transport.flight.FlightShuffleTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished job whose result partitions cannot be read (their executor died after the job ended)
 * is run again by the client, which returns the right answer; a loss that keeps happening ends in
 * the fetch error.
 */
class LostResultsTest {
  @TempDir
  static Path dir;
  static LocalCluster cluster;
  static SessionContext ctx;
  static PlanNode plan;

  @BeforeAll
  static void setUp() throws Exception {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < 1_000; i++) {
      sb.append(i % 10).append(',').append(i).append('\n');
    }
    Files.writeString(csv, sb.toString());
    cluster = LocalCluster.builder().executors(2).config(SessionConfig.defaults().withTargetPartitions(2)).build();
    ctx = cluster.session();
    ctx.sql("create external table t (k int, v bigint) stored as csv location '" + csv + "'");
    plan = ((LocalSessionContext) ctx).plan("select k, sum(v) as s from t group by k order by k");
  }

  @AfterAll
  static void tearDown() {
    ctx.close();
    cluster.close();
  }

  /** Fails the first {@code failures} fetches as an unreachable executor would, then reads for real. */
  private static ShuffleTransport failing(BufferAllocator allocator, AtomicInteger failures, AtomicReference<String> lostJob) {
    ShuffleTransport real = new FlightShuffleTransport(allocator);
    return new ShuffleTransport() {
      @Override
      public BatchStream fetch(ShuffleLocation location, Schema schema, TaskContext context) {
        if (failures.getAndDecrement() > 0) {
          lostJob.set(location.path().substring(0, location.path().indexOf('/')));
          throw new BallistaException(BallistaException.Kind.IO, "shuffle fetch of " + location.path() + " from "
              + location.address() + " failed: UNAVAILABLE Connection refused");
        }
        return real.fetch(location, schema, context);
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  @Test
  void lostResultsAreRecomputed() {
    AtomicInteger failures = new AtomicInteger(1);
    AtomicReference<String> lostJob = new AtomicReference<>();
    try (BufferAllocator allocator = new RootAllocator();
         ClusterClient client = new ClusterClient(List.of(cluster.schedulerAddress()),
             a -> failing(a, failures, lostJob))) {
      try (QueryResult r = client.run(plan, allocator, ctx.config())) {
        assertEquals(10, r.rowCount());
        BigIntVector sums = (BigIntVector) r.batches().get(0).getVector(1);
        long total = 0;
        for (int i = 0; i < sums.getValueCount(); i++) {
          total += sums.get(i);
        }
        assertEquals(999L * 1000 / 2, total);
      }
      assertTrue(lostJob.get() != null && lostJob.get().startsWith("job-"), String.valueOf(lostJob.get()));
      assertNotEquals(lostJob.get(), client.lastJobId(), "the query ran again as a new job");
    }
  }

  @Test
  void resultsLostEveryTimeEndInTheFetchError() {
    AtomicInteger failures = new AtomicInteger(Integer.MAX_VALUE);
    try (BufferAllocator allocator = new RootAllocator();
         ClusterClient client = new ClusterClient(List.of(cluster.schedulerAddress()),
             a -> failing(a, failures, new AtomicReference<>()))) {
      BallistaException e = assertThrows(BallistaException.class, () -> client.run(plan, allocator, ctx.config()));
      assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
      assertEquals(Integer.MAX_VALUE - ClusterClient.RESULT_ATTEMPTS, failures.get(), "tried " + ClusterClient.RESULT_ATTEMPTS + " times");
    }
  }
}
