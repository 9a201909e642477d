package org.ballista.tpch;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ballista.api.proto.rpc.GetExecutorsMetadataParams;
import org.ballista.api.proto.rpc.SchedulerGrpc;

/**
 * Measures how responsive a scheduler stays under load: a background thread calls
 * GetExecutorsMetadata every {@code periodMillis} and records each round trip. A call that fails or
 * takes over 10 s counts as an error.
 */
final class SchedulerProbe implements AutoCloseable {
  private final ManagedChannel channel;
  private final Thread thread;
  private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
  private volatile int errors;

  SchedulerProbe(String hostPort, long periodMillis) {
    int colon = hostPort.lastIndexOf(':');
    channel = NettyChannelBuilder.forAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))
        .usePlaintext().build();
    SchedulerGrpc.SchedulerBlockingStub stub = SchedulerGrpc.newBlockingStub(channel);
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        long start = System.nanoTime();
        try {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).getExecutorsMetadata(GetExecutorsMetadataParams.getDefaultInstance());
          latencies.add((System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          errors++;
        }
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "scheduler-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Like {@code scheduler RPC latency (...): n 1200  p50 0.4 ms  p99 2.1 ms  max 9.8 ms, 0 error(s)}. */
  String summary() {
    double[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
    if (sorted.length == 0) {
      return "scheduler RPC latency: no answer, " + errors + " error(s)";
    }
    return String.format(java.util.Locale.ROOT, "scheduler RPC latency (GetExecutorsMetadata during the run): n %d  "
        + "p50 %.1f ms  p99 %.1f ms  max %.1f ms, %d error(s)", sorted.length,
        TpchLoadRun.Latency.percentile(sorted, 0.50), TpchLoadRun.Latency.percentile(sorted, 0.99),
        sorted[sorted.length - 1], errors);
  }

  int errors() {
    return errors;
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.shutdownNow();
  }
}
