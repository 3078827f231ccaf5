package io.tensoronspark.examples;

import io.tensoronspark.session.EpochReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The side-by-side comparison of merge rules: trains the same MnistMlp once per combiner in one
 * Spark context and prints a Markdown table (final and best test accuracy, samples per second,
 * share of task time in sync) plus an optional CSV. Throughput figures are only comparable within
 * one run of this command.
 */
@Command(
    name = "compare-combiners",
    mixinStandardHelpOptions = true,
    description =
        "Train MnistMlp with each combiner and print accuracy and throughput side by side.")
public final class CompareCombiners implements Callable<Integer> {

  /** Every built-in combiner plus the custom example. */
  public static final String DEFAULT_COMBINERS =
      "delta-sum,model-averaging,dynsgd,easgd,moving-mean,replace,server-momentum,clipped-delta";

  /** Partitions by default: more workers than cores, as the comparison asks. */
  public static final int DEFAULT_PARTITIONS = 4;

  @Mixin TrainingOptions options = new TrainingOptions();

  @Option(
      names = "--combiners",
      split = ",",
      description = "Combiners to compare (default: " + DEFAULT_COMBINERS + ").")
  List<String> combiners = List.of(DEFAULT_COMBINERS.split(","));

  @Mixin MlpOptions mlp = new MlpOptions();

  /** One combiner's outcome. */
  record Row(
      String combiner,
      float finalAccuracy,
      float bestAccuracy,
      double samplesPerSecond,
      double syncShare) {}

  @Override
  public Integer call() throws Exception {
    options.applyDefaults(
        MnistMlp.DEFAULT_EPOCHS, MnistMlp.DEFAULT_BATCH_SIZE, null, DEFAULT_PARTITIONS);
    Path csv = options.reportCsv;
    options.reportCsv = null; // the per-epoch CSV of each run would overwrite the comparison's
    SparkConf conf = new SparkConf().setAppName("TensorOnSpark combiner comparison");
    conf.setMaster(
        options.master != null
            ? options.master
            : conf.get("spark.master", MnistTraining.DEFAULT_MASTER));
    List<Row> rows = new ArrayList<>();
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      for (String combiner : combiners) {
        options.combiner = combiner;
        try (MnistModel model = mlp.build(options, options.seed)) {
          MnistTraining.Outcome outcome = MnistTraining.run(sc, model, options, quiet());
          rows.add(summarize(combiner, outcome));
          System.out.println(format(rows.get(rows.size() - 1)));
        }
      }
    }
    printTable(rows, masterName(options));
    if (csv != null) {
      writeCsv(rows, csv);
    }
    return 0;
  }

  private static String masterName(TrainingOptions options) {
    return options.master != null ? options.master : MnistTraining.DEFAULT_MASTER;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static Row summarize(String combiner, MnistTraining.Outcome outcome) {
    long samples = 0;
    long wallMillis = 0;
    long compute = 0;
    long sync = 0;
    for (EpochReport r : outcome.reports()) {
      samples += r.samples();
      wallMillis += r.wallMillis();
      compute += r.computeMillis();
      sync += r.syncMillis();
    }
    float best = 0;
    for (float a : outcome.testAccuracies()) {
      best = Math.max(best, a);
    }
    return new Row(
        combiner,
        outcome.finalAccuracy(),
        best,
        wallMillis == 0 ? 0 : samples * 1000.0 / wallMillis,
        compute + sync == 0 ? 0 : (double) sync / (compute + sync));
  }

  private static String format(Row r) {
    return String.format(
        Locale.ROOT,
        "| %s | %.4f | %.4f | %.0f | %.0f%% |",
        r.combiner(),
        r.finalAccuracy(),
        r.bestAccuracy(),
        r.samplesPerSecond(),
        100 * r.syncShare());
  }

  private void printTable(List<Row> rows, String master) {
    System.out.printf(
        Locale.ROOT,
        "%nMnistMlp %s, %d partitions on %s, %d epochs, batch %d, sync every %d steps:%n%n",
        Arrays.toString(mlp.hidden),
        options.partitions,
        master,
        options.epochs,
        options.batchSize,
        options.syncIntervalSteps);
    System.out.println(
        "| combiner | final test accuracy | best test accuracy | samples/s | sync share |");
    System.out.println("|---|---|---|---|---|");
    for (Row r : rows) {
      System.out.println(format(r));
    }
  }

  private static void writeCsv(List<Row> rows, Path file) throws java.io.IOException {
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file))) {
      csv.println("combiner,final_accuracy,best_accuracy,samples_per_second,sync_share");
      for (Row r : rows) {
        csv.printf(
            Locale.ROOT,
            "%s,%.4f,%.4f,%.1f,%.4f%n",
            r.combiner(),
            r.finalAccuracy(),
            r.bestAccuracy(),
            r.samplesPerSecond(),
            r.syncShare());
      }
    }
  }
}
