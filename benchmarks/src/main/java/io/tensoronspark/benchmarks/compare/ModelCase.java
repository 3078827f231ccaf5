package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistCnn;
import io.tensoronspark.examples.MnistMlp;
import io.tensoronspark.examples.MnistModel;
import io.tensoronspark.examples.MnistSoftmax;
import java.util.Locale;

/**
 * The models the runner compares, each with the examples' own defaults (learning rate, batch size)
 * and the MLlib peer it is held against for time to a target accuracy.
 */
enum ModelCase {
  /** 784 -> 10 softmax regression, gradient descent; against MLlib's LogisticRegression. */
  SOFTMAX(MnistSoftmax.DEFAULT_BATCH_SIZE, 0.89, Peer.MLLIB_LR) {
    @Override
    ComparedModel build(long seed) {
      return new MnistModelAdapter(MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE));
    }
  },
  /** 784 -> 512 -> 256 -> 10 ReLU MLP, gradient descent; against MLlib's MLP classifier. */
  MLP(MnistMlp.DEFAULT_BATCH_SIZE, 0.93, Peer.MLLIB_MLP) {
    @Override
    ComparedModel build(long seed) {
      return new MnistModelAdapter(MnistModel.mlp(MnistMlp.DEFAULT_LEARNING_RATE, seed, 512, 256));
    }
  },
  /**
   * The examples' CNN (conv 16, conv 32, dense 128), Adam; Adam's moments stay local to each
   * session (optimizer state is never synced). Against MLlib's MLP classifier.
   */
  CNN(MnistCnn.DEFAULT_BATCH_SIZE, 0.95, Peer.MLLIB_MLP) {
    @Override
    ComparedModel build(long seed) {
      return new MnistModelAdapter(MnistModel.cnn(MnistCnn.DEFAULT_LEARNING_RATE, seed));
    }
  };

  /** The Spark MLlib estimator a model is compared with. */
  enum Peer {
    MLLIB_LR("mllib-lr"),
    MLLIB_MLP("mllib-mlp");

    final String config;

    Peer(String config) {
      this.config = config;
    }
  }

  final int batchSize;
  final double defaultTarget;
  final Peer peer;

  ModelCase(int batchSize, double defaultTarget, Peer peer) {
    this.batchSize = batchSize;
    this.defaultTarget = defaultTarget;
    this.peer = peer;
  }

  /** A fresh model with its initial values drawn from {@code seed}. */
  abstract ComparedModel build(long seed);

  /** The lower-case name used on the command line and in the CSV. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The case named {@code label}, or an error listing the known ones. */
  static ModelCase of(String label) {
    for (ModelCase c : values()) {
      if (c.label().equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown model '" + label + "'; expected one of " + java.util.Arrays.toString(labels()));
  }

  static String[] labels() {
    ModelCase[] all = values();
    String[] labels = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      labels[i] = all[i].label();
    }
    return labels;
  }
}
