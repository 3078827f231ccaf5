package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.config.ClientTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The TPS push+pull round trip as a share of a raw loopback echo of the same bytes, measured in
 * paired rounds: each round runs the echo and then the TPS (the order alternates between rounds)
 * with the same clients for the same time, and its ratio is TPS ops/s over echo ops/s. The median
 * of the rounds' ratios, with its quartiles, is the figure.
 *
 * <p>Why besides {@link TpsRoundTripBenchmark}: JMH measures the echo and the TPS minutes apart, so
 * on a shared machine their ratio carries both error bars (±30–100% on a 2-core VM). A paired round
 * compares two measurements taken a fraction of a second apart, so load that comes and goes hits
 * both; the quartiles show what remains.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.tensoronspark.benchmarks.RoundTripRatio [floats=7850,1048576,4194304] [clients=1,2,4]
 * [rounds=15] [roundMillis=400] [warmupRounds=3] [chunk=1048576] [primeMillis=30000]}. Primes the
 * JIT first ({@link RoundTripFixture#primeJit}), then prints one line per (floats, clients).
 */
public final class RoundTripRatio {

  /** The settings; every one has a default. */
  record Settings(
      int[] floats,
      int[] clients,
      int rounds,
      long roundMillis,
      int warmupRounds,
      int chunk,
      long primeMillis) {

    static Settings parse(String[] args) {
      int[] floats = {7850, 1 << 20, 1 << 22};
      int[] clients = {1, 2, 4};
      int rounds = 15;
      long roundMillis = 400;
      int warmupRounds = 3;
      int chunk = 1 << 20;
      long primeMillis = DEFAULT_PRIME_MILLIS;
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("expected name=value, got '" + arg + "'");
        }
        String name = arg.substring(0, eq);
        String value = arg.substring(eq + 1);
        switch (name) {
          case "floats" -> floats = ints(value);
          case "clients" -> clients = ints(value);
          case "rounds" -> rounds = Integer.parseInt(value);
          case "roundMillis" -> roundMillis = Long.parseLong(value);
          case "warmupRounds" -> warmupRounds = Integer.parseInt(value);
          case "chunk" -> chunk = Integer.parseInt(value);
          case "primeMillis" -> primeMillis = Long.parseLong(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown setting '"
                      + name
                      + "'; expected floats, clients, rounds, roundMillis, warmupRounds, chunk"
                      + " or primeMillis");
        }
      }
      if (rounds < 1 || roundMillis < 1 || warmupRounds < 0 || primeMillis < 0) {
        throw new IllegalArgumentException(
            "rounds and roundMillis must be >= 1, warmupRounds and primeMillis >= 0");
      }
      return new Settings(floats, clients, rounds, roundMillis, warmupRounds, chunk, primeMillis);
    }

    private static int[] ints(String list) {
      return Arrays.stream(list.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }
  }

  /** One (floats, clients) cell: the rounds' ratios and throughputs. */
  record Cell(
      int floats, int clients, double[] ratios, double echoOpsPerSecond, double tpsOpsPerSecond) {

    /** The ratio at quantile q of the sorted rounds (nearest rank). */
    double ratioAt(double q) {
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "floats=%d clients=%d: TPS/echo median %.0f%% (quartiles %.0f%%-%.0f%%, %d rounds);"
              + " median ops/s echo %.0f, TPS %.0f",
          floats,
          clients,
          100 * ratioAt(0.5),
          100 * ratioAt(0.25),
          100 * ratioAt(0.75),
          ratios.length,
          echoOpsPerSecond,
          tpsOpsPerSecond);
    }
  }

  /** How long {@link RoundTripFixture#primeJit} runs before the first cell unless set. */
  static final long DEFAULT_PRIME_MILLIS = 30_000;

  private RoundTripRatio() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    if (settings.primeMillis() > 0) {
      long roundTrips = RoundTripFixture.primeJit(settings.primeMillis());
      System.out.printf(
          Locale.ROOT,
          "JIT primed with %d round trips of %d floats%n",
          roundTrips,
          RoundTripFixture.PRIME_FLOATS);
    }
    for (int floats : settings.floats()) {
      try (RoundTripFixture fixture = new RoundTripFixture(floats, settings.chunk())) {
        for (int clients : settings.clients()) {
          System.out.println(measure(fixture, clients, settings).describe());
        }
      }
    }
  }

  /** Runs the warm-up and measured rounds of one cell. */
  static Cell measure(RoundTripFixture fixture, int clientCount, Settings settings)
      throws IOException, InterruptedException, ExecutionException {
    List<RoundTripFixture.Client> clients = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(clientCount);
    try {
      for (int i = 0; i < clientCount; i++) {
        clients.add(fixture.newClient(ClientTransport.CHANNEL));
      }
      int rounds = settings.rounds();
      double[] ratios = new double[rounds];
      double[] echoRates = new double[rounds];
      double[] tpsRates = new double[rounds];
      for (int round = -settings.warmupRounds(); round < rounds; round++) {
        boolean echoFirst = (round & 1) == 0;
        double first = rate(threads, clients, echoFirst, settings.roundMillis());
        double second = rate(threads, clients, !echoFirst, settings.roundMillis());
        if (round >= 0) {
          echoRates[round] = echoFirst ? first : second;
          tpsRates[round] = echoFirst ? second : first;
          ratios[round] = tpsRates[round] / echoRates[round];
        }
      }
      return new Cell(fixture.floats, clientCount, ratios, median(echoRates), median(tpsRates));
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
      for (RoundTripFixture.Client client : clients) {
        client.close();
      }
    }
  }

  /**
   * Every client does echoes (or TPS round trips) for {@code millis}; returns the operations per
   * second of all of them together.
   */
  private static double rate(
      ExecutorService threads, List<RoundTripFixture.Client> clients, boolean echo, long millis)
      throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
    List<Future<Long>> counts = new ArrayList<>();
    for (RoundTripFixture.Client client : clients) {
      Callable<Long> loop =
          () -> {
            long ops = 0;
            do {
              if (echo) {
                client.echo();
              } else {
                client.pushAndPull();
              }
              ops++;
            } while (System.nanoTime() < deadline);
            return ops;
          };
      counts.add(threads.submit(loop));
    }
    long ops = 0;
    for (Future<Long> count : counts) {
      ops += count.get();
    }
    return ops / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
