package io.tensoronspark.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A ReLU multi-layer perceptron on MNIST (784 -> 512 -> 256 -> 10 by default), trained with
 * gradient descent or Adam, with optional dropout and a halving learning rate.
 */
@Command(
    name = "mnist-mlp",
    mixinStandardHelpOptions = true,
    description = "Train an MNIST ReLU MLP over Spark with the Tensor Parameter Server.")
public final class MnistMlp implements Callable<Integer> {

  /** Gradient descent by default. */
  public static final MnistModel.OptimizerKind DEFAULT_OPTIMIZER = MnistModel.OptimizerKind.SGD;

  /**
   * Gradient descent's learning rate by default: 784-512-256-10 reaches 0.95-0.96 test accuracy
   * from epoch 10 on with 2 partitions and delta sum.
   */
  public static final float DEFAULT_SGD_LEARNING_RATE = 0.05f;

  /** Adam's learning rate when {@code --optimizer adam} is chosen without a learning rate. */
  public static final float DEFAULT_ADAM_LEARNING_RATE = 0.0005f;

  /** The default optimizer's learning rate. */
  public static final float DEFAULT_LEARNING_RATE = DEFAULT_SGD_LEARNING_RATE;

  /** Local training steps per halving of the learning rate by default (0: a constant rate). */
  public static final long DEFAULT_LR_HALF_LIFE_STEPS = 0;

  /** Share of hidden units dropped at each training step by default. */
  public static final float DEFAULT_DROPOUT = 0f;

  /** Rows per step by default. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 20;

  /** Delta sum (the library's default) by default. */
  public static final String DEFAULT_COMBINER = "delta-sum";

  @Mixin TrainingOptions options = new TrainingOptions();

  @Mixin MlpOptions mlp = new MlpOptions();

  @Override
  public Integer call() throws Exception {
    try (MnistModel model = build()) {
      MnistTraining.run("TensorOnSpark MNIST MLP", model, options, System.out);
    }
    return 0;
  }

  /** Fills this example's defaults into the parsed options and builds the model they describe. */
  MnistModel build() {
    options.applyDefaults(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_COMBINER);
    return mlp.build(options, options.seed);
  }
}
