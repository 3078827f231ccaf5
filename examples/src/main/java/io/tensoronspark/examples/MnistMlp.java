package io.tensoronspark.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A ReLU multi-layer perceptron on MNIST (784 -> 512 -> 256 -> 10 by default), trained with
 * gradient descent.
 */
@Command(
    name = "mnist-mlp",
    mixinStandardHelpOptions = true,
    description = "Train an MNIST ReLU MLP over Spark with the Tensor Parameter Server.")
public final class MnistMlp implements Callable<Integer> {

  /**
   * Learning rate, batch size, widths and epochs measured on the bundled MNIST-10k with 2
   * partitions and delta sum: 784-512-256-10 reaches 0.95-0.96 test accuracy from epoch 10 on;
   * 784-256-10 plateaus at 0.945-0.95.
   */
  public static final float DEFAULT_LEARNING_RATE = 0.05f;

  /** Rows per step by default. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 20;

  /** Delta sum (the library's default) by default. */
  public static final String DEFAULT_COMBINER = "delta-sum";

  @Mixin TrainingOptions options = new TrainingOptions();

  @Option(
      names = "--hidden",
      split = ",",
      description = "Hidden layer widths, comma-separated (default: 512,256).")
  int[] hidden = {512, 256};

  @Override
  public Integer call() throws Exception {
    float lr = options.learningRate != null ? options.learningRate : DEFAULT_LEARNING_RATE;
    options.applyDefaults(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_COMBINER);
    try (MnistModel model = MnistModel.mlp(lr, options.seed, hidden)) {
      MnistTraining.run("TensorOnSpark MNIST MLP", model, options, System.out);
    }
    return 0;
  }
}
