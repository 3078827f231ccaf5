package io.tensoronspark.examples;

import picocli.CommandLine.Option;

/**
 * The command-line options of the MNIST MLP (a picocli mixin shared by {@link MnistMlp} and the
 * commands that train it): widths, optimizer, learning-rate half-life and dropout. Filled by
 * picocli, then read only.
 */
public final class MlpOptions {

  @Option(
      names = "--hidden",
      split = ",",
      description = "Hidden layer widths, comma-separated (default: 512,256).")
  int[] hidden = {512, 256};

  @Option(
      names = "--optimizer",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  MnistModel.OptimizerKind optimizer = MnistMlp.DEFAULT_OPTIMIZER;

  @Option(
      names = "--lr-half-life",
      paramLabel = "STEPS",
      description =
          "Halve the learning rate every STEPS training steps, counted by each executor session"
              + " (or the plain loop) as optimizer state, never synced; 0: constant (default:"
              + " ${DEFAULT-VALUE}).")
  long lrHalfLifeSteps = MnistMlp.DEFAULT_LR_HALF_LIFE_STEPS;

  @Option(
      names = "--dropout",
      description =
          "Share of hidden units dropped at each training step (default: ${DEFAULT-VALUE}).")
  float dropout = MnistMlp.DEFAULT_DROPOUT;

  /** The learning rate {@code options} chose, else the default of the chosen optimizer. */
  float learningRate(TrainingOptions options) {
    if (options.learningRate != null) {
      return options.learningRate;
    }
    return optimizer == MnistModel.OptimizerKind.ADAM
        ? MnistMlp.DEFAULT_ADAM_LEARNING_RATE
        : MnistMlp.DEFAULT_SGD_LEARNING_RATE;
  }

  /** A new MLP with these options, {@code options}' learning rate and {@code seed}. */
  MnistModel build(TrainingOptions options, long seed) {
    return MnistModel.mlp(optimizer, learningRate(options), lrHalfLifeSteps, dropout, seed, hidden);
  }
}
