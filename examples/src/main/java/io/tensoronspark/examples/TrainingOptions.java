package io.tensoronspark.examples;

import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.OptimizerState;
import io.tensoronspark.session.SessionConfig;
import io.tensoronspark.session.TrainingStep;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command-line options every MNIST example shares (a picocli mixin). Filled by picocli, then
 * read only.
 */
public final class TrainingOptions {

  @Option(names = "--epochs", description = "Passes over the training set (default: per example).")
  Integer epochs;

  /** Partitions when an example does not choose another default. */
  public static final int DEFAULT_PARTITIONS = 2;

  @Option(
      names = "--partitions",
      description = "RDD partitions = concurrent workers (default: 2, 4 to compare).")
  Integer partitions;

  @Option(
      names = "--master",
      description = "Spark master; default local[2], or whatever spark-submit set.")
  String master;

  @Option(
      names = "--model-dir",
      description =
          "Model directory URI on any Hadoop FileSystem (default: a fresh temporary file:// directory).")
  String modelDir;

  @Option(
      names = "--model",
      description =
          "Export the trained model as a SavedModel to this new directory URI (any Hadoop"
              + " FileSystem); with --mode inference, the SavedModel to predict with.")
  String savedModel;

  @Option(names = "--keep-model-dir", description = "Keep the model directory after the run.")
  boolean keepModelDir;

  @Option(
      names = "--resume",
      description =
          "Start from the newest TPS checkpoint in --model-dir (e.g. after the driver died).")
  boolean resume;

  @Option(
      names = "--overlap-sync",
      description =
          "Run each push-and-pull beside the training (delta-style combiners only; default: off).")
  boolean overlapSync = SessionConfig.DEFAULT_OVERLAP_SYNC;

  @Option(
      names = "--repartition-every-epoch",
      description =
          "Randomly repartition the rows before every epoch (a full shuffle each time) instead of"
              + " once, each task shuffling its partition per epoch (default: off).")
  boolean repartitionEveryEpoch = FitOptions.DEFAULT_REPARTITION_EVERY_EPOCH;

  @Option(
      names = "--sync-interval",
      description =
          "Local steps between parameter exchanges (default: "
              + MnistCnn.DEFAULT_SYNC_INTERVAL_STEPS
              + " for mnist-cnn, else the session's "
              + SessionConfig.DEFAULT_SYNC_INTERVAL_STEPS
              + ").")
  Integer syncIntervalSteps;

  @Option(names = "--batch-size", description = "Rows per step (default: per example).")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      description =
          "Learning rate of the example's optimizer (default: per example and optimizer).")
  Float learningRate;

  @Option(
      names = "--combiner",
      description =
          "Combiner name or class (delta-sum, model-averaging, dynsgd, easgd, moving-mean, replace,"
              + " server-momentum, clipped-delta, ...; default: per example).")
  String combiner;

  @Option(
      names = "--data",
      description =
          "With --format idx: a local directory with the four MNIST IDX files (default: the bundled"
              + " MNIST-10k). With tfrecord or parquet: the URI mnist-data-setup wrote (any Hadoop"
              + " FileSystem).")
  String data;

  @Option(
      names = "--format",
      description = "Data format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  MnistSource.Format format = MnistSource.Format.idx;

  @Option(
      names = "--seed",
      description = "Seed for shuffling and initialisation (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Mixin TpsOptions tps = new TpsOptions();

  @Option(
      names = "--optimizer-state",
      description =
          "Lifetime of optimizer state (Adam's moments) on executors: ${COMPLETION-CANDIDATES}"
              + " (default: RESET_PER_TASK for mnist-cnn, else the session's KEEP_PER_EXECUTOR).")
  OptimizerState optimizerState;

  @Option(
      names = "--patience",
      description =
          "Stop early after this many epochs without a better test accuracy (mnist-pipeline:"
              + " validation loss; default: 0, never).")
  int patience;

  @Option(
      names = "--restore-best",
      description =
          "End with the parameters of the best epoch (test accuracy; mnist-pipeline: validation"
              + " loss) rather than the last; exports and the final accuracy use them.")
  boolean restoreBest = FitOptions.DEFAULT_RESTORE_BEST;

  @Option(
      names = "--plain-loop",
      description =
          "Train the same graph in one process with a plain TF Java loop (no Spark, no TPS), for"
              + " comparison.")
  boolean plainLoop;

  @Option(names = "--report-csv", description = "Also write one CSV line per epoch to this file.")
  Path reportCsv;

  @Option(
      names = "--logdir",
      description =
          "Write TensorBoard event files to this directory URI (any Hadoop FileSystem: file://,"
              + " hdfs://, s3a://).")
  String logDir;

  @Option(names = QuietConsole.VERBOSE_OPTION, description = QuietConsole.VERBOSE_DESCRIPTION)
  boolean verbose;

  /** Fills the options an example defaults itself when the command line left them out. */
  void applyDefaults(int defaultEpochs, int defaultBatchSize, String defaultCombiner) {
    applyDefaults(defaultEpochs, defaultBatchSize, defaultCombiner, DEFAULT_PARTITIONS);
  }

  /**
   * As {@link #applyDefaults(int, int, String)}, with the example's own default partition count.
   */
  void applyDefaults(
      int defaultEpochs, int defaultBatchSize, String defaultCombiner, int defaultPartitions) {
    if (partitions == null) {
      partitions = defaultPartitions;
    }
    if (batchSize == null) {
      batchSize = defaultBatchSize;
    }
    if (epochs == null) {
      epochs = defaultEpochs;
    }
    if (combiner == null) {
      combiner = defaultCombiner;
    }
    if (syncIntervalSteps == null) {
      syncIntervalSteps = SessionConfig.DEFAULT_SYNC_INTERVAL_STEPS;
    }
    if (optimizerState == null) {
      optimizerState = TrainingStep.DEFAULT_OPTIMIZER_STATE;
    }
  }
}
