package io.tensoronspark.examples;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/**
 * The MNIST convolutional network's layers: 28x28x1 → conv 5x5x16 + ReLU → 2x2 max-pool → conv
 * 5x5x32 + ReLU → 2x2 max-pool → dense 128 + ReLU → dense 10 (logits). Weights start from a seeded
 * He initialisation, biases from 0.1. Stateless; builds into the graph of the {@link Ops} it is
 * given (used by {@link MnistModel#cnn} and by the benchmarks' plain-loop runner).
 */
public final class MnistCnnGraph {

  /** Filters of the first and second convolution, units of the hidden dense layer. */
  public static final int CONV1_FILTERS = 16;

  public static final int CONV2_FILTERS = 32;

  public static final int DENSE_UNITS = 128;

  private static final int KERNEL = 5;

  private MnistCnnGraph() {}

  /** The logits and the trained variables, in creation order. */
  public record Layers(Operand<TFloat32> logits, List<Variable<TFloat32>> variables) {}

  /** Builds the network over {@code images} (float [batch, 784]). */
  public static Layers build(Ops tf, Operand<TFloat32> images, long seed) {
    Operand<TFloat32> x = tf.reshape(images, tf.constant(new long[] {-1, 28, 28, 1}));
    Variable<TFloat32> w1 = weights(tf, "conv1_w", seed, KERNEL, KERNEL, 1, CONV1_FILTERS);
    Variable<TFloat32> b1 = bias(tf, "conv1_b", CONV1_FILTERS);
    Operand<TFloat32> h1 = pool(tf, tf.nn.relu(tf.nn.biasAdd(conv(tf, x, w1), b1)));
    Variable<TFloat32> w2 =
        weights(tf, "conv2_w", seed + 1, KERNEL, KERNEL, CONV1_FILTERS, CONV2_FILTERS);
    Variable<TFloat32> b2 = bias(tf, "conv2_b", CONV2_FILTERS);
    Operand<TFloat32> h2 = pool(tf, tf.nn.relu(tf.nn.biasAdd(conv(tf, h1, w2), b2)));
    long flat = 7L * 7 * CONV2_FILTERS;
    Operand<TFloat32> f = tf.reshape(h2, tf.constant(new long[] {-1, flat}));
    Variable<TFloat32> w3 = weights(tf, "dense1_w", seed + 2, flat, DENSE_UNITS);
    Variable<TFloat32> b3 = bias(tf, "dense1_b", DENSE_UNITS);
    Operand<TFloat32> h3 = tf.nn.relu(tf.math.add(tf.linalg.matMul(f, w3), b3));
    Variable<TFloat32> w4 = weights(tf, "dense2_w", seed + 3, DENSE_UNITS, MnistData.CLASSES);
    Variable<TFloat32> b4 = bias(tf, "dense2_b", MnistData.CLASSES);
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(h3, w4), b4);
    return new Layers(logits, List.of(w1, b1, w2, b2, w3, b3, w4, b4));
  }

  private static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> in, Operand<TFloat32> w) {
    return tf.nn.conv2d(in, w, List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dataFormat("NHWC"));
  }

  private static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> in) {
    return tf.nn.maxPool(
        in, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
  }

  private static Variable<TFloat32> weights(Ops tf, String name, long seed, long... shape) {
    long fanIn = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      fanIn *= shape[i];
    }
    float stddev = (float) Math.sqrt(2.0 / fanIn);
    return tf.withName(name)
        .variable(
            tf.math.mul(
                tf.random.truncatedNormal(
                    tf.constant(shape), TFloat32.class, TruncatedNormal.seed(seed)),
                tf.constant(stddev)));
  }

  private static Variable<TFloat32> bias(Ops tf, String name, long units) {
    return tf.withName(name).variable(tf.fill(tf.constant(new long[] {units}), tf.constant(0.1f)));
  }

  /** Total trained floats, for reports. */
  public static long parameterCount() {
    long conv1 = KERNEL * KERNEL * CONV1_FILTERS + CONV1_FILTERS;
    long conv2 = KERNEL * KERNEL * CONV1_FILTERS * CONV2_FILTERS + CONV2_FILTERS;
    long dense1 = 7L * 7 * CONV2_FILTERS * DENSE_UNITS + DENSE_UNITS;
    long dense2 = (long) DENSE_UNITS * MnistData.CLASSES + MnistData.CLASSES;
    return conv1 + conv2 + dense1 + dense2;
  }
}
