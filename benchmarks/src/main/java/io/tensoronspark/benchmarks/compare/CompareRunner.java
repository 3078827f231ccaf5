package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side comparison: on the bundled MNIST-10k, in one JVM and one run, a plain TF Java
 * loop, DistributedSession with 1 partition on {@code local[1]} and N partitions on {@code
 * local[N]}, and Spark MLlib's peers, in alternating order over rounds so that load that comes and
 * goes hits every configuration. Prints a table of same-round ratios and writes every round's
 * figures as CSV. Used by one thread.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Plain TF Java loop vs DistributedSession (local[1], local[N]) vs Spark MLlib on MNIST-10k.")
public final class CompareRunner implements Callable<Integer> {

  /** The plain loop's configuration name. */
  static final String PLAIN = "plain";

  /** DistributedSession with one partition on local[1]. */
  static final String SESSION_1 = "session-1";

  /** DistributedSession with N partitions on local[N]. */
  static final String SESSION_N = "session-n";

  /** session-1 and session-n with overlapSync. */
  static final String SESSION_1_OVERLAP = "session-1-overlap";

  static final String SESSION_N_OVERLAP = "session-n-overlap";

  private static final List<String> KNOWN_CONFIGS =
      List.of("plain", "session-1", "session-n", SESSION_1_OVERLAP, SESSION_N_OVERLAP, "mllib");

  /** The MLlib peers (LogisticRegression for softmax, the MLP classifier for the others). */
  static final String MLLIB = "mllib";

  /** Epochs per run by default. */
  public static final int DEFAULT_EPOCHS = 5;

  @Option(
      names = "--models",
      split = ",",
      description = "Models to compare: softmax, mlp, cnn (default: all).")
  List<String> models = List.of(ModelCase.labels());

  @Option(
      names = "--configs",
      split = ",",
      description =
          "Configurations: plain, session-1, session-n, session-1-overlap, session-n-overlap,"
              + " mllib (default: plain, session-1, session-n, mllib).")
  List<String> configs = List.of(PLAIN, SESSION_1, SESSION_N, MLLIB);

  @Option(names = "--partitions", description = "N for session-n and MLlib (default: cores).")
  int partitions = Runtime.getRuntime().availableProcessors();

  @Option(names = "--epochs", description = "Epochs per run (default: 5).")
  int epochs = DEFAULT_EPOCHS;

  @Option(names = "--rounds", description = "Rounds, each in alternating order (default: 1).")
  int rounds = 1;

  @Option(names = "--sync-interval", description = "Steps between round trips (default: 10).")
  int syncIntervalSteps = io.tensoronspark.session.SessionConfig.DEFAULT_SYNC_INTERVAL_STEPS;

  @Option(names = "--combiner", description = "DistributedSession's combiner (default: delta-sum).")
  String combiner = "delta-sum";

  @Option(
      names = "--repartition-every-epoch",
      description =
          "Randomly repartition the rows (a Spark shuffle) before every DistributedSession epoch"
              + " after the first, instead of once before the first (default: once; each epoch"
              + " still shuffles the rows within each partition).")
  boolean repartitionEveryEpoch;

  @Option(names = "--seed", description = "Initial values, shuffles, repartitions (default: 42).")
  long seed = 42;

  @Option(names = "--train-rows", description = "Use only the first rows of the training split.")
  Integer trainRows;

  @Option(names = "--test-rows", description = "Use only the first rows of the test split.")
  Integer testRows;

  @Option(
      names = "--mllib-iterations",
      split = ",",
      description =
          "MLlib iteration budgets, one fit from scratch each; time to target is the shortest fit"
              + " that reached it (default: 25,50,100).")
  int[] mllibIterations = {25, 50, 100};

  @Option(
      names = "--mllib-hidden",
      description = "Hidden units of MLlib's 784-H-10 MLP (default: 256).")
  int mllibHidden = 256;

  @Option(
      names = "--target",
      description =
          "Target test accuracy per model, e.g. --target mlp=0.94 (defaults: softmax 0.89, mlp 0.93, cnn 0.95).")
  Map<String, Double> targets = new LinkedHashMap<>();

  @Option(names = "--csv", description = "Where the CSV goes (default: compare.csv).")
  Path csv = Path.of("compare.csv");

  PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CompareRunner()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    List<ModelCase> cases = models.stream().map(ModelCase::of).toList();
    for (String config : configs) {
      if (!KNOWN_CONFIGS.contains(config)) {
        throw new IllegalArgumentException(
            "unknown config '" + config + "'; expected one of " + KNOWN_CONFIGS);
      }
    }
    Map<ModelCase, Double> targetByModel = targetByModel(cases);
    RunSettings settings =
        new RunSettings(
            limit(MnistData.train(null), trainRows),
            limit(MnistData.test(null), testRows),
            epochs,
            seed,
            syncIntervalSteps,
            combiner,
            partitions,
            repartitionEveryEpoch);
    out.printf(
        Locale.ROOT,
        "MNIST-10k: %d training, %d test rows; %d epochs, %d round(s), N = %d, sync every %d"
            + " steps, %s, %d cores, repartition %s%n",
        settings.train().size(),
        settings.test().size(),
        epochs,
        rounds,
        partitions,
        syncIntervalSteps,
        combiner,
        Runtime.getRuntime().availableProcessors(),
        repartitionEveryEpoch ? "each epoch" : "once");
    List<RunResult> runs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (Runnable run : roundPlan(cases, settings, round, runs)) {
        run.run();
      }
    }
    List<ComparisonRow> rows = ComparisonTable.rows(runs, cases, targetByModel);
    writeCsv(rows);
    ComparisonTable.print(rows, out);
    out.println("CSV: " + csv.toAbsolutePath());
    return 0;
  }

  /** The round's runs, in the configured order on odd rounds and reversed on even ones. */
  private List<Runnable> roundPlan(
      List<ModelCase> cases, RunSettings settings, int round, List<RunResult> runs) {
    List<Runnable> plan = new ArrayList<>();
    for (ModelCase model : cases) {
      for (String config : configs) {
        switch (config) {
          case PLAIN -> plan.add(() -> record(runs, PlainLoop.run(model, settings, round)));
          case SESSION_1, SESSION_1_OVERLAP -> {
            boolean overlap = config.equals(SESSION_1_OVERLAP);
            plan.add(() -> record(runs, SessionRun.run(model, settings, 1, overlap, round)));
          }
          case SESSION_N, SESSION_N_OVERLAP -> {
            boolean overlap = config.equals(SESSION_N_OVERLAP);
            if (partitions > 1) {
              plan.add(
                  () -> record(runs, SessionRun.run(model, settings, partitions, overlap, round)));
            }
          }
          default -> {} // MLlib below, once per peer
        }
      }
    }
    if (configs.contains(MLLIB)) {
      cases.stream()
          .map(c -> c.peer)
          .distinct()
          .forEach(
              peer ->
                  plan.add(
                      () ->
                          record(
                              runs,
                              MllibRun.run(peer, settings, mllibIterations, mllibHidden, round))));
    }
    if (round % 2 == 0) {
      Collections.reverse(plan);
    }
    return plan;
  }

  private void record(List<RunResult> runs, RunResult run) {
    runs.add(run);
    out.printf(
        Locale.ROOT,
        "round %d %s %s: whole run %.1f s, steady %.0f samples/s, final accuracy %.4f%n",
        run.round(),
        run.model().label(),
        run.config(),
        run.wholeRunMillis() / 1000.0,
        run.steadySamplesPerSecond(),
        run.finalAccuracy());
  }

  private Map<ModelCase, Double> targetByModel(List<ModelCase> cases) {
    Map<ModelCase, Double> byModel = new EnumMap<>(ModelCase.class);
    for (ModelCase c : ModelCase.values()) {
      byModel.put(c, c.defaultTarget);
    }
    targets.forEach((name, target) -> byModel.put(ModelCase.of(name), target));
    return byModel;
  }

  private void writeCsv(List<ComparisonRow> rows) throws IOException {
    Path parent = csv.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
      w.println(ComparisonRow.CSV_HEADER);
      rows.forEach(r -> w.println(r.csv()));
    }
  }

  private static MnistData limit(MnistData data, Integer rows) {
    if (rows == null || rows >= data.size()) {
      return data;
    }
    if (rows < 1) {
      throw new IllegalArgumentException("row limits must be >= 1, got " + rows);
    }
    return new MnistData(Arrays.copyOf(data.images(), rows), Arrays.copyOf(data.labels(), rows));
  }
}
