package io.tensoronspark.examples;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The seed's program: 784 -> 10 softmax regression, gradient descent (learning rate 0.5), batch
 * 100. {@code --mode train} (default) trains and, with {@code --model}, exports a SavedModel;
 * {@code --mode inference} predicts the test set on the executors with that SavedModel and writes
 * the predictions to {@code --output}.
 */
@Command(
    name = "mnist-softmax",
    mixinStandardHelpOptions = true,
    description = "Train MNIST softmax regression over Spark with the Tensor Parameter Server.")
public final class MnistSoftmax implements Callable<Integer> {

  /** The seed's learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.5f;

  /** The seed's batch size. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 10;

  /**
   * Model averaging by default: lr 0.5 is the seed's single-machine rate, and averaging the
   * workers' deltas keeps the server's step at that rate. With delta sum the same rate oscillated
   * between 0.88 and 0.915 test accuracy from epoch to epoch on 2 partitions (measured); averaging
   * climbs steadily like one machine.
   */
  public static final String DEFAULT_COMBINER = "model-averaging";

  /** The two modes of the seed's walk-through. */
  public enum Mode {
    TRAIN,
    INFERENCE
  }

  @Mixin TrainingOptions options = new TrainingOptions();

  @Option(
      names = "--mode",
      description = "train (default) or inference (needs --model and --output).")
  Mode mode = Mode.TRAIN;

  @Option(names = "--output", description = "Inference: directory URI for the predictions.")
  String output;

  @Option(
      names = "--output-format",
      description = "Inference: text (index,label,prediction lines; default) or parquet.")
  MnistInference.Format outputFormat = MnistInference.Format.TEXT;

  @Option(
      names = "--speed-rounds",
      description =
          "Inference: also time this many alternating rounds of executor vs driver-side predict"
              + " (default 0).")
  int speedRounds;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (mode == Mode.INFERENCE) {
      return inference();
    }
    float lr = options.learningRate != null ? options.learningRate : DEFAULT_LEARNING_RATE;
    options.applyDefaults(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_COMBINER);
    try (MnistModel model = MnistModel.softmax(lr)) {
      MnistTraining.run("TensorOnSpark MNIST softmax", model, options, System.out);
    }
    return 0;
  }

  /** Train mode in an existing Spark context (the CLI's {@code call} creates its own). */
  MnistTraining.Outcome train(JavaSparkContext sc, java.io.PrintStream out) throws Exception {
    float lr = options.learningRate != null ? options.learningRate : DEFAULT_LEARNING_RATE;
    options.applyDefaults(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_COMBINER);
    try (MnistModel model = MnistModel.softmax(lr)) {
      return MnistTraining.run(sc, model, options, out);
    }
  }

  private Integer inference() throws Exception {
    if (options.savedModel == null || output == null) {
      throw new ParameterException(
          spec.commandLine(), "--mode inference needs --model <SavedModel URI> and --output <URI>");
    }
    SparkConf conf = new SparkConf().setAppName("TensorOnSpark MNIST inference");
    if (options.master != null) {
      conf.setMaster(options.master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(MnistTraining.DEFAULT_MASTER);
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      inference(sc, System.out);
    }
    return 0;
  }

  /** Inference mode in an existing Spark context. */
  MnistInference.Outcome inference(JavaSparkContext sc, java.io.PrintStream out) throws Exception {
    int partitions =
        options.partitions != null ? options.partitions : TrainingOptions.DEFAULT_PARTITIONS;
    int batch = options.batchSize != null ? options.batchSize : MnistInference.DEFAULT_BATCH_SIZE;
    JavaRDD<Object[]> labelled =
        MnistSource.indexedTestRows(sc, options.data, options.format, partitions);
    MnistInference.Outcome outcome =
        MnistInference.run(sc, options.savedModel, output, outputFormat, batch, labelled, out);
    if (speedRounds > 0) {
      MnistData test = MnistSource.testSet(sc, options.data, options.format);
      JavaRDD<Object[]> images = labelled.map(r -> new Object[] {r[0]});
      InferenceSpeed.compare(sc, options.savedModel, images, test, batch, speedRounds, out);
    }
    return outcome;
  }
}
