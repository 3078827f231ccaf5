package io.tensoronspark.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The seed's program: 784 -> 10 softmax regression, gradient descent (learning rate 0.5), batch 100. */
@Command(
    name = "mnist-softmax",
    mixinStandardHelpOptions = true,
    description = "Train MNIST softmax regression over Spark with the Tensor Parameter Server.")
public final class MnistSoftmax implements Callable<Integer> {

  /** The seed's learning rate. */
  public static final float DEFAULT_LEARNING_RATE = 0.5f;

  @Mixin TrainingOptions options = new TrainingOptions();

  @Override
  public Integer call() throws Exception {
    float lr = options.learningRate != null ? options.learningRate : DEFAULT_LEARNING_RATE;
    try (MnistModel model = MnistModel.softmax(lr)) {
      MnistTraining.run("TensorOnSpark MNIST softmax", model, options, System.out);
    }
    return 0;
  }
}
