package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.config.ClientTransport;
import io.tensoronspark.tps.protocol.PushProgress;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the progress section costs a TPS round trip: paired rounds of one client's push+pull with
 * the progress a training task sends (samples, steps, loss sum: 24 bytes) and without, against the
 * same server, alternating which goes first. Each round's ratio is round trips per second with
 * progress over without; the median and quartiles of the rounds are the figure.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.tensoronspark.benchmarks.ProgressCostRatio [floats=7850,1048576] [rounds=21] [roundMillis=400]
 * [primeMillis=10000]}.
 */
public final class ProgressCostRatio {

  private static final PushProgress PROGRESS = new PushProgress(1000, 10, 123.5);

  private ProgressCostRatio() {}

  public static void main(String[] args) throws Exception {
    int[] floats = {7850, 1 << 20};
    int rounds = 21;
    long roundMillis = 400;
    long primeMillis = 10_000;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected name=value, got '" + arg + "'");
      }
      switch (kv[0]) {
        case "floats" ->
            floats = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        case "roundMillis" -> roundMillis = Long.parseLong(kv[1]);
        case "primeMillis" -> primeMillis = Long.parseLong(kv[1]);
        default ->
            throw new IllegalArgumentException(
                "unknown setting '"
                    + kv[0]
                    + "'; expected floats, rounds, roundMillis or primeMillis");
      }
    }
    if (primeMillis > 0) {
      RoundTripFixture.primeJit(primeMillis);
    }
    for (int n : floats) {
      try (RoundTripFixture fixture = new RoundTripFixture(n, 1 << 20);
          RoundTripFixture.Client client = fixture.newClient(ClientTransport.CHANNEL)) {
        System.out.println(measure(n, client, rounds, roundMillis));
      }
    }
  }

  private static String measure(
      int floats, RoundTripFixture.Client client, int rounds, long roundMillis) {
    double[] ratios = new double[rounds];
    double[] with = new double[rounds];
    for (int round = -3; round < rounds; round++) {
      boolean progressFirst = (round & 1) == 0;
      double first = rate(client, progressFirst, roundMillis);
      double second = rate(client, !progressFirst, roundMillis);
      if (round >= 0) {
        with[round] = progressFirst ? first : second;
        ratios[round] = with[round] / (progressFirst ? second : first);
      }
    }
    Arrays.sort(ratios);
    Arrays.sort(with);
    return String.format(
        Locale.ROOT,
        "floats=%d: with/without progress median %.3f (quartiles %.3f-%.3f, %d rounds);"
            + " median round trips/s with progress %.0f; progress adds %d bytes per push",
        floats,
        ratios[rounds / 2],
        ratios[rounds / 4],
        ratios[(3 * rounds) / 4],
        rounds,
        with[rounds / 2],
        PROGRESS.wireBytes());
  }

  private static double rate(RoundTripFixture.Client client, boolean progress, long millis) {
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000L;
    long ops = 0;
    do {
      client.pushAndPull(progress ? PROGRESS : null);
      ops++;
    } while (System.nanoTime() < deadline);
    return ops / ((System.nanoTime() - start) / 1e9);
  }
}
