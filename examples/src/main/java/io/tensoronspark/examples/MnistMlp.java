package io.tensoronspark.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A ReLU multi-layer perceptron on MNIST (784 -> 256 -> 10 by default), trained with gradient descent. */
@Command(
    name = "mnist-mlp",
    mixinStandardHelpOptions = true,
    description = "Train an MNIST ReLU MLP over Spark with the Tensor Parameter Server.")
public final class MnistMlp implements Callable<Integer> {

  /** Learning rate that trains the MLP well with batch 100 and delta-sum merging. */
  public static final float DEFAULT_LEARNING_RATE = 0.1f;

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 10;

  /** Delta sum (the library's default) by default. */
  public static final String DEFAULT_COMBINER = "delta-sum";

  @Mixin TrainingOptions options = new TrainingOptions();

  @Option(
      names = "--hidden",
      split = ",",
      description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
  int[] hidden = {256};

  @Override
  public Integer call() throws Exception {
    float lr = options.learningRate != null ? options.learningRate : DEFAULT_LEARNING_RATE;
    options.applyDefaults(DEFAULT_EPOCHS, DEFAULT_COMBINER);
    try (MnistModel model = MnistModel.mlp(lr, options.seed, hidden)) {
      MnistTraining.run("TensorOnSpark MNIST MLP", model, options, System.out);
    }
    return 0;
  }
}
