package io.tensoronspark.examples;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.ConsoleProgress;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.FitResult;
import io.tensoronspark.session.TrainingListener;
import io.tensoronspark.session.TrainingStep;
import io.tensoronspark.session.tensorboard.TensorBoardLog;
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
 * data, build the model on the driver, then per epoch (the rows split once) {@code run} one epoch
 * through the TPS, and evaluate on the driver's own session. Used by one thread.
 */
public final class MnistTraining {

  /** Default master when neither --master nor spark-submit chose one. */
  public static final String DEFAULT_MASTER = "local[2]";

  private MnistTraining() {}

  /**
   * The outcome: per-epoch reports and test accuracies, and the test accuracy of the model the run
   * ended with (the last epoch's, or with {@code --restore-best} the best epoch's).
   */
  public record Outcome(
      List<EpochReport> reports, List<Float> testAccuracies, float finalAccuracy, long wallMillis) {
    Outcome(List<EpochReport> reports, List<Float> testAccuracies, long wallMillis) {
      this(reports, testAccuracies, testAccuracies.get(testAccuracies.size() - 1), wallMillis);
    }
  }

  /** Trains {@code model} with {@code options} in a Spark context it creates and stops. */
  public static Outcome run(
      String appName, MnistModel model, TrainingOptions options, PrintStream out)
      throws IOException {
    if (options.plainLoop) {
      return plain(model, options, out);
    }
    SparkConf conf = new SparkConf().setAppName(appName);
    if (options.master != null) {
      conf.setMaster(options.master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      return run(sc, model, options, out);
    }
  }

  private static Outcome plain(MnistModel model, TrainingOptions options, PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    if (options.format != MnistSource.Format.idx) {
      throw new IllegalArgumentException(
          "--plain-loop trains in one process from --format idx, got --format " + options.format);
    }
    MnistData train = MnistData.train(MnistSource.localDir(options.data));
    MnistData test = MnistData.test(MnistSource.localDir(options.data));
    out.printf(
        Locale.ROOT,
        "MNIST: %d training and %d test images; plain TF Java loop, %d epochs, batch %d%n",
        train.size(),
        test.size(),
        options.epochs,
        options.batchSize);
    PlainLoop.Outcome plain =
        PlainLoop.train(model, train, test, options.epochs, options.batchSize, options.seed, out);
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    out.printf(
        Locale.ROOT,
        "Final test accuracy: %.4f (%d epochs, %.1f s training, %.1f s in all)%n",
        plain.finalAccuracy(),
        options.epochs,
        plain.trainMillis() / 1000.0,
        wallMillis / 1000.0);
    return new Outcome(List.of(), plain.testAccuracies(), wallMillis);
  }

  /**
   * What the user watches: the dashboard's login link (printed when the TPS starts), TensorBoard
   * event files under {@code --logdir} (returned, or null), and a progress bar per epoch.
   */
  static TensorBoardLog watch(
      DistributedSession session, TrainingOptions options, PrintStream out, long samplesPerEpoch)
      throws IOException {
    TensorBoardLog tensorBoard = null;
    if (options.logDir != null) {
      tensorBoard = session.logTensorBoard(options.logDir);
      out.println("TensorBoard logs: " + tensorBoard.file());
    }
    session.addListener(
        new TrainingListener() {
          @Override
          public void onEpochStart(int epoch, long expectedSamples) {
            if (epoch == 1) {
              out.println("Dashboard: " + session.dashboardLoginUrl() + " (one-time login link)");
            }
          }
        });
    session.addListener(new ConsoleProgress(out, System.console() != null, samplesPerEpoch));
    return tensorBoard;
  }

  /** Trains {@code model} with {@code options} in an existing Spark context. */
  public static Outcome run(
      JavaSparkContext sc, MnistModel model, TrainingOptions options, PrintStream out)
      throws IOException {
    long start = System.nanoTime();
    JavaRDD<Object[]> rows =
        MnistSource.trainRows(sc, options.data, options.format, options.partitions).cache();
    long trainSize = rows.count();
    MnistData test = MnistSource.testSet(sc, options.data, options.format);
    out.printf(
        Locale.ROOT,
        "MNIST (%s): %d training and %d test images; %d epochs over %d partitions on %s, sync every"
            + " %d steps, batch %d, combiner %s%n",
        options.format,
        trainSize,
        test.size(),
        options.epochs,
        options.partitions,
        sc.master(),
        options.syncIntervalSteps,
        options.batchSize,
        options.combiner);
    List<EpochReport> reports = new ArrayList<>();
    List<Float> accuracies = new ArrayList<>();
    Float restoredAccuracy = null;
    DistributedSession.Builder builder =
        DistributedSession.builder(sc, model.graph(), model.session())
            .batchSize(options.batchSize)
            .syncIntervalSteps(options.syncIntervalSteps)
            .overlapSync(options.overlapSync)
            .combiner(Combiners.byName(options.combiner))
            .loss(model.loss())
            .modelDir(options.modelDir)
            .keepModelDir(options.keepModelDir)
            .resume(options.resume)
            .tpsServer(options.tps::applyTo)
            .tpsClient(options.tps::applyTo)
            .shuffleSeed(options.seed);
    try (DistributedSession session = builder.build();
        PrintWriter csv =
            options.reportCsv == null
                ? null
                : new PrintWriter(Files.newBufferedWriter(options.reportCsv))) {
      TensorBoardLog tensorBoard = watch(session, options, out, trainSize);
      if (csv != null) {
        csv.println(
            "epoch,samples,steps,mean_loss,samples_per_second,pushes,compute_ms,sync_ms,test_accuracy");
      }
      TrainingStep.Builder stepBuilder =
          TrainingStep.builder(model.trainOp())
              .feeds(model.feedNames())
              .params(model.parameters())
              .metric(model.accuracyOp())
              .optimizerState(options.optimizerState);
      model.constantFeeds().forEach(stepBuilder::constantFeed);
      TrainingStep step = stepBuilder.build();
      session.addListener(
          new TrainingListener() {
            private EpochReport last;

            @Override
            public void onEpochEnd(EpochReport report) {
              last = report;
            }

            @Override
            public void onValidation(int epoch, String name, double accuracy) {
              reports.add(last);
              accuracies.add((float) accuracy);
              out.printf(Locale.ROOT, "%s; %s %.4f%n", last.summary(), name, accuracy);
              if (tensorBoard != null) {
                tensorBoard.scalar("epoch/test_accuracy", epoch, accuracy);
              }
              if (csv != null) {
                csv.printf(Locale.ROOT, "%s,%.4f%n", csvLine(last), accuracy);
              }
            }
          });
      FitOptions fit =
          FitOptions.builder(options.epochs)
              .partitions(options.partitions)
              .repartitionSeed(options.seed)
              .repartitionEveryEpoch(options.repartitionEveryEpoch)
              .validation("test accuracy", true, epoch -> model.accuracy(test))
              .earlyStopping(options.patience, 0.0)
              .restoreBest(options.restoreBest)
              .build();
      FitResult result = session.fit(step, rows, fit);
      if (result.stoppedEarly()) {
        out.printf(
            Locale.ROOT,
            "Stopped early after epoch %d: no better test accuracy than epoch %d's %.4f for %d"
                + " epochs%n",
            result.reports().size(),
            result.bestEpoch(),
            result.best(),
            options.patience);
      }
      if (result.restoredBest()) {
        restoredAccuracy = model.accuracy(test);
        out.printf(
            Locale.ROOT,
            "Restored epoch %d's parameters: test accuracy %.4f%n",
            result.bestEpoch(),
            restoredAccuracy);
      }
      if (options.savedModel != null) {
        session.exportSavedModel(options.savedModel, model.serving(), model.evaluation());
        out.printf(
            Locale.ROOT,
            "Exported the SavedModel to %s (signatures serving_default, evaluate)%n",
            options.savedModel);
      }
    }
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    Outcome outcome =
        restoredAccuracy != null
            ? new Outcome(reports, accuracies, restoredAccuracy, wallMillis)
            : new Outcome(reports, accuracies, wallMillis);
    out.printf(
        Locale.ROOT,
        "Final test accuracy: %.4f (%d epochs, %.1f s)%n",
        outcome.finalAccuracy(),
        reports.size(),
        wallMillis / 1000.0);
    return outcome;
  }

  private static String csvLine(EpochReport report) {
    return String.format(
        Locale.ROOT,
        "%d,%d,%d,%.6f,%.1f,%d,%d,%d",
        report.epoch(),
        report.samples(),
        report.steps(),
        report.meanLoss(),
        report.samplesPerSecond(),
        report.pushes(),
        report.computeMillis(),
        report.syncMillis());
  }
}
