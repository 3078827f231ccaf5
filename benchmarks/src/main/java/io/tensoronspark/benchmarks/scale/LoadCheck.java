package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The check of the model: {@code workers} client threads, each a partition of its own, loop
 * "compute, then push-and-pull" against one TPS on 127.0.0.1 holding one parameter of {@code
 * floats} floats (F32, delta sum). Compute is a wait of {@code computeMillis} off the CPU, as a GPU
 * step leaves the host's cores free. Each round measures the pushes per second the TPS applied, and
 * the cores its threads and the clients' threads used, after every client completed {@link
 * #WARM_PUSHES} round trips. Not thread-safe; everything it starts is stopped before {@link #run}
 * returns.
 */
final class LoadCheck {

  /** Figures of one configuration over its rounds. */
  record Result(
      int workers,
      long computeMillis,
      Range pushesPerSecond,
      Range serverCores,
      Range clientCores) {}

  /**
   * Round trips each client completes before rounds are measured: the TPS allocates a request's
   * multi-MB body and reply buffers on first use, which on a loaded machine takes seconds.
   */
  static final int WARM_PUSHES = 2;

  /** How long the clients may take to connect and complete {@link #WARM_PUSHES} round trips. */
  static final long WARM_UP_TIMEOUT_SECONDS = 600;

  private final CpuClock clock = new CpuClock();
  private final int floats;
  private final int rounds;
  private final long roundMillis;

  LoadCheck(int floats, int rounds, long roundMillis) {
    if (floats < 1 || rounds < 1 || roundMillis < 1) {
      throw new IllegalArgumentException(
          "expected floats, rounds, roundMillis >= 1, got "
              + floats
              + ", "
              + rounds
              + ", "
              + roundMillis);
    }
    this.floats = floats;
    this.rounds = rounds;
    this.roundMillis = roundMillis;
  }

  /** Runs one configuration: a warm-up round then {@code rounds} measured rounds. */
  Result run(int workers, long computeMillis) throws InterruptedException {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    TpsServerConfig config = TpsServerConfig.builder().workerCount(workers).build();
    try (TpsServer tps = TpsServer.start(config, specs, List.of(new float[floats]))) {
      Set<Long> clientIds = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      CountDownLatch ready = new CountDownLatch(workers);
      List<Thread> threads = new ArrayList<>();
      float[] deltas = PushCostMeter.smallDeltas(floats);
      for (int w = 0; w < workers; w++) {
        int worker = w;
        Thread t =
            new Thread(
                () ->
                    loop(
                        tps, specs, deltas, worker, computeMillis, stop, ready, clientIds, failure),
                "load-client-" + w);
        threads.add(t);
        t.start();
      }
      try {
        if (!ready.await(WARM_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "expected "
                  + workers
                  + " clients to complete "
                  + WARM_PUSHES
                  + " round trips each in "
                  + WARM_UP_TIMEOUT_SECONDS
                  + " s");
        }
        double[][] f = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
          double[] one = measureRound(tps, clientIds);
          for (int i = 0; i < 3; i++) {
            f[i][r] = one[i];
          }
        }
        return new Result(workers, computeMillis, Range.of(f[0]), Range.of(f[1]), Range.of(f[2]));
      } finally {
        stop.set(true);
        for (Thread t : threads) {
          t.join();
        }
        if (failure.get() != null) {
          throw failure.get();
        }
      }
    }
  }

  /** Pushes per second, server cores, client cores over one round of {@code roundMillis}. */
  private double[] measureRound(TpsServer tps, Set<Long> clientIds) throws InterruptedException {
    long pushes0 = tps.stats().pushesApplied();
    long server0 = clock.serverNanos(clientIds);
    long client0 = clock.clientNanos(clientIds);
    long start = System.nanoTime();
    Thread.sleep(roundMillis);
    double wall = System.nanoTime() - start;
    double pushes = tps.stats().pushesApplied() - pushes0;
    // The measuring thread itself sleeps, so its CPU in serverNanos is negligible.
    return new double[] {
      pushes / wall * 1e9,
      (clock.serverNanos(clientIds) - server0) / wall,
      (clock.clientNanos(clientIds) - client0) / wall
    };
  }

  private static void loop(
      TpsServer tps,
      List<ParameterSpec> specs,
      float[] deltas,
      int worker,
      long computeMillis,
      AtomicBoolean stop,
      CountDownLatch ready,
      Set<Long> clientIds,
      AtomicReference<RuntimeException> failure) {
    clientIds.add(Thread.currentThread().getId());
    try (TpsClient client = new TpsClient(tps.clientConfig().build(), specs)) {
      float[][] payload = {deltas};
      float[][] merged = {new float[deltas.length]};
      long base = client.pull(merged);
      long sequence = 0;
      while (!stop.get()) {
        if (computeMillis > 0) {
          LockSupport.parkNanos(computeMillis * 1_000_000L);
        }
        base =
            client.pushAndPull(
                new PushHeader(worker, worker + 1, ++sequence, base), payload, merged);
        if (sequence == WARM_PUSHES) {
          ready.countDown();
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      ready.countDown();
    }
  }
}
