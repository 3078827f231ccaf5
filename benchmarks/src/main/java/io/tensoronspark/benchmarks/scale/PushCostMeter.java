package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsStats;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Measures {@link PushCost}: a TPS on 127.0.0.1 holding one parameter of {@code floats} floats
 * (delta sum, the default combiner; default shards and parallel merge unless {@code mergeThreads}
 * is set) and one client, on the calling thread, doing push-and-pull round trips. Each round runs
 * at least {@link #MIN_PUSHES_PER_ROUND} round trips and at least {@code roundMillis}; its figures
 * are the deltas of the CPU clocks and of the TPS's counters divided by the round trips. Not
 * thread-safe: one measurement at a time; the TPS and client live only inside {@link #measure}.
 */
final class PushCostMeter {

  /** The least round trips per round, so a round of 100 MB frames still averages a few. */
  static final int MIN_PUSHES_PER_ROUND = 3;

  private final CpuClock clock = new CpuClock();
  private final int warmupRounds;
  private final int rounds;
  private final long roundMillis;
  private final double topKFraction;

  PushCostMeter(int warmupRounds, int rounds, long roundMillis, double topKFraction) {
    if (warmupRounds < 0 || rounds < 1 || roundMillis < 1) {
      throw new IllegalArgumentException(
          "expected warmupRounds >= 0, rounds >= 1, roundMillis >= 1, got "
              + warmupRounds
              + ", "
              + rounds
              + ", "
              + roundMillis);
    }
    this.warmupRounds = warmupRounds;
    this.rounds = rounds;
    this.roundMillis = roundMillis;
    this.topKFraction = topKFraction;
  }

  /**
   * The cost of one round trip of {@code floats} floats pushed in {@code encoding}; {@code
   * mergeThreads} 0 keeps the TPS's default.
   */
  PushCost measure(int floats, PayloadEncoding encoding, int mergeThreads) {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    TpsServerConfig.Builder config = TpsServerConfig.builder();
    if (mergeThreads > 0) {
      config.mergeThreads(mergeThreads);
    }
    try (TpsServer tps = TpsServer.start(config.build(), specs, List.of(new float[floats]));
        TpsClient client =
            new TpsClient(
                tps.clientConfig().encoding(encoding).topKFraction(topKFraction).build(), specs)) {
      float[][] payload = {smallDeltas(floats)};
      float[][] merged = {new float[floats]};
      long[] state = {client.pull(merged), 0};
      Set<Long> me = Set.of(Thread.currentThread().getId());
      for (int r = 0; r < warmupRounds; r++) {
        round(tps, client, payload, merged, state, me);
      }
      double[][] figures = new double[7][rounds];
      int pushes = 0;
      for (int r = 0; r < rounds; r++) {
        double[] one = round(tps, client, payload, merged, state, me);
        for (int f = 0; f < one.length - 1; f++) {
          figures[f][r] = one[f];
        }
        pushes += (int) one[one.length - 1];
      }
      int threads = mergeThreads > 0 ? mergeThreads : tps.config().mergeThreads();
      return new PushCost(
          floats,
          encoding,
          threads,
          pushes,
          Range.of(figures[0]),
          Range.of(figures[1]),
          Range.of(figures[2]),
          Range.of(figures[3]),
          Range.of(figures[4]),
          Range.of(figures[5]),
          Range.of(figures[6]));
    }
  }

  /**
   * One round: per round trip server thread CPU s, server process CPU s, client CPU s, wall s,
   * bytes in, bytes out, merge s; then the round trips done.
   */
  private double[] round(
      TpsServer tps,
      TpsClient client,
      float[][] payload,
      float[][] merged,
      long[] state,
      Set<Long> me) {
    TpsStats before = tps.stats();
    long server0 = clock.serverNanos(me);
    long client0 = clock.clientNanos(me);
    long process0 = clock.processNanos();
    long start = System.nanoTime();
    long deadline = start + roundMillis * 1_000_000L;
    int n = 0;
    while (n < MIN_PUSHES_PER_ROUND || System.nanoTime() < deadline) {
      state[0] = client.pushAndPull(new PushHeader(0, 1, ++state[1], state[0]), payload, merged);
      n++;
    }
    double wall = System.nanoTime() - start;
    double clientCpu = clock.clientNanos(me) - client0;
    double serverCpu = clock.serverNanos(me) - server0;
    double processCpu = clock.processNanos() - process0 - clientCpu;
    TpsStats after = tps.stats();
    return new double[] {
      serverCpu / n / 1e9,
      Math.max(serverCpu, processCpu) / n / 1e9,
      clientCpu / n / 1e9,
      wall / n / 1e9,
      (double) (after.bytesIn() - before.bytesIn()) / n,
      (double) (after.bytesOut() - before.bytesOut()) / n,
      (after.mergeNanos() - before.mergeNanos()) / 1e9 / n,
      n
    };
  }

  /** Seeded deltas in [-1e-3, 1e-3]: finite in F16, so every encoding sends the same values. */
  static float[] smallDeltas(int floats) {
    float[] values = new float[floats];
    Random random = new Random(42);
    for (int i = 0; i < floats; i++) {
      values[i] = (random.nextInt(2001) - 1000) * 1e-6f;
    }
    return values;
  }
}
