package io.tensoronspark.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Asynchronous training quality across partitions: for each combiner and seed, trains MnistMlp once
 * on 1 partition and once on N partitions (default 4) for the same epochs in one Spark context, and
 * prints the final test accuracies and their gap (mean and range over the seeds) as a Markdown
 * table, plus a CSV with one line per combiner and seed. Used by one thread.
 */
@Command(
    name = "combiner-quality",
    mixinStandardHelpOptions = true,
    description =
        "Train MnistMlp on 1 and on N partitions per combiner and seed; print the accuracy gap.")
public final class CombinerQuality implements Callable<Integer> {

  /** The combiners compared by default. */
  public static final String DEFAULT_COMBINERS = "delta-sum,model-averaging,dynsgd";

  /** The seeds by default. */
  public static final String DEFAULT_SEEDS = "1,2,3";

  /** Partitions of the asynchronous runs by default. */
  public static final int DEFAULT_PARTITIONS = 4;

  /** Spark master by default: one core per partition of the asynchronous runs. */
  public static final String DEFAULT_MASTER = "local[4]";

  @Mixin TrainingOptions options = new TrainingOptions();

  @Mixin MlpOptions mlp = new MlpOptions();

  @Option(
      names = "--combiners",
      split = ",",
      description = "Combiners to compare (default: " + DEFAULT_COMBINERS + ").")
  List<String> combiners = List.of(DEFAULT_COMBINERS.split(","));

  @Option(
      names = "--seeds",
      split = ",",
      description = "Seeds (initialisation, shuffles), one pair of runs each (default: 1,2,3).")
  List<Long> seeds = List.of(1L, 2L, 3L);

  @Override
  public Integer call() throws Exception {
    QualityTable table = run(System.out);
    return table.runs().isEmpty() ? 1 : 0;
  }

  /** Runs every pair, prints progress and the table to {@code out}, writes the CSV if asked. */
  QualityTable run(PrintStream out) throws Exception {
    options.applyDefaults(
        MnistMlp.DEFAULT_EPOCHS,
        MnistMlp.DEFAULT_BATCH_SIZE,
        MnistMlp.DEFAULT_COMBINER,
        DEFAULT_PARTITIONS);
    int partitions = options.partitions;
    Path csv = options.reportCsv;
    options.reportCsv = null; // the per-epoch CSV of each run would overwrite the table's
    SparkConf conf = new SparkConf().setAppName("TensorOnSpark combiner quality");
    conf.setMaster(
        options.master != null ? options.master : conf.get("spark.master", DEFAULT_MASTER));
    QualityTable table = new QualityTable(options.epochs, partitions);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      for (String combiner : combiners) {
        for (long seed : seeds) {
          float baseline = finalAccuracy(sc, combiner, seed, 1);
          float async = finalAccuracy(sc, combiner, seed, partitions);
          QualityTable.Run run = new QualityTable.Run(combiner, seed, baseline, async);
          table.add(run);
          out.printf(
              Locale.ROOT,
              "%s seed %d: 1 partition %.4f, %d partitions %.4f, gap %.2f points%n",
              combiner,
              seed,
              baseline,
              partitions,
              async,
              run.gapPoints());
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "%nMnistMlp %s, %s lr %s (half-life %d steps, 0: constant), dropout %s, %d epochs,"
            + " batch %d, sync every %d steps, seeds %s, final test accuracy:%n%n",
        java.util.Arrays.toString(mlp.hidden),
        mlp.optimizer,
        mlp.learningRate(options),
        mlp.lrHalfLifeSteps,
        mlp.dropout,
        options.epochs,
        options.batchSize,
        options.syncIntervalSteps,
        seeds);
    table.print(out);
    if (csv != null) {
      table.writeCsv(csv);
      out.println("CSV: " + csv);
    }
    return table;
  }

  private float finalAccuracy(JavaSparkContext sc, String combiner, long seed, int partitions)
      throws java.io.IOException {
    options.combiner = combiner;
    options.seed = seed;
    options.partitions = partitions;
    try (MnistModel model = mlp.build(options, seed);
        PrintStream quiet =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      return MnistTraining.run(sc, model, options, quiet).finalAccuracy();
    }
  }
}
