package io.tensoronspark.examples;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.Repartition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The training loop the MNIST examples share (the seed's spark_mnist.py flow, in Java): load the
 * data, build the model on the driver, then per epoch repartition the rows at random, {@code run}
 * one epoch through the TPS, and evaluate on the driver's own session. Used by one thread.
 */
public final class MnistTraining {

  /** Default master when neither --master nor spark-submit chose one. */
  public static final String DEFAULT_MASTER = "local[2]";

  private MnistTraining() {}

  /** The outcome: per-epoch reports and test accuracies. */
  public record Outcome(List<EpochReport> reports, List<Float> testAccuracies, long wallMillis) {
    public float finalAccuracy() {
      return testAccuracies.get(testAccuracies.size() - 1);
    }
  }

  /** Trains {@code model} with {@code options} in a Spark context it creates and stops. */
  public static Outcome run(
      String appName, MnistModel model, TrainingOptions options, PrintStream out)
      throws IOException {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (options.master != null) {
      conf.setMaster(options.master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      return run(sc, model, options, out);
    }
  }

  /** Trains {@code model} with {@code options} in an existing Spark context. */
  public static Outcome run(
      JavaSparkContext sc, MnistModel model, TrainingOptions options, PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    MnistData train = MnistData.train(options.data);
    MnistData test = MnistData.test(options.data);
    out.printf(
        Locale.ROOT,
        "MNIST: %d training and %d test images; %d epochs over %d partitions on %s, sync every %d steps,"
            + " batch %d, combiner %s%n",
        train.size(),
        test.size(),
        options.epochs,
        options.partitions,
        sc.master(),
        options.syncIntervalSteps,
        options.batchSize,
        options.combiner);
    JavaRDD<Object[]> rows = sc.parallelize(train.rows(), options.partitions).cache();
    List<EpochReport> reports = new ArrayList<>();
    List<Float> accuracies = new ArrayList<>();
    DistributedSession.Builder builder =
        DistributedSession.builder(sc, model.graph(), model.session())
            .batchSize(options.batchSize)
            .syncIntervalSteps(options.syncIntervalSteps)
            .combiner(Combiners.byName(options.combiner))
            .loss(model.loss())
            .modelDir(options.modelDir)
            .keepModelDir(options.keepModelDir)
            .resume(options.resume)
            .tpsServer(options::applyTo)
            .shuffleSeed(options.seed);
    try (DistributedSession session = builder.build();
        PrintWriter csv =
            options.reportCsv == null
                ? null
                : new PrintWriter(Files.newBufferedWriter(options.reportCsv))) {
      if (csv != null) {
        csv.println(
            "epoch,samples,steps,mean_loss,samples_per_second,pushes,compute_ms,sync_ms,test_accuracy");
      }
      for (int epoch = 1; epoch <= options.epochs; epoch++) {
        JavaRDD<Object[]> epochRows =
            epoch == 1
                ? rows
                : Repartition.randomly(rows, options.partitions, options.seed + epoch);
        EpochReport report =
            session.run(model.trainOp(), epochRows, model.feedNames(), model.parameters(), true);
        float accuracy = model.accuracy(test);
        reports.add(report);
        accuracies.add(accuracy);
        out.printf(Locale.ROOT, "%s; test accuracy %.4f%n", report.summary(), accuracy);
        if (csv != null) {
          csv.printf(
              Locale.ROOT,
              "%d,%d,%d,%.6f,%.1f,%d,%d,%d,%.4f%n",
              report.epoch(),
              report.samples(),
              report.steps(),
              report.meanLoss(),
              report.samplesPerSecond(),
              report.pushes(),
              report.computeMillis(),
              report.syncMillis(),
              accuracy);
        }
      }
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    Outcome outcome = new Outcome(reports, accuracies, wallMillis);
    out.printf(
        Locale.ROOT,
        "Final test accuracy: %.4f (%d epochs, %.1f s)%n",
        outcome.finalAccuracy(),
        options.epochs,
        wallMillis / 1000.0);
    return outcome;
  }
}
