package io.tensoronspark.examples;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/**
 * Dense MNIST layers: 784 → hidden... → 10 (logits), ReLU between them, optional dropout after each
 * hidden layer. Hidden weights start from a seeded He initialisation, biases from 0; without hidden
 * layers (the softmax regression) the weights start from zeros. Stateless; builds into the graph of
 * the {@link Ops} it is given.
 *
 * <p>Dropout is driven by the scalar {@link #DROPOUT_RATE} placeholder, which defaults to 0 (the
 * identity): training feeds the rate as a constant feed, evaluation, inference and export leave it
 * out.
 */
public final class MnistMlpGraph {

  /** The dropout-rate placeholder's name (float scalar, default 0). */
  public static final String DROPOUT_RATE = "dropout_rate";

  private MnistMlpGraph() {}

  /**
   * Builds the layers over {@code images} (float [batch, 784]); with {@code dropout} true, adds the
   * {@link #DROPOUT_RATE} placeholder and drops hidden units at that rate.
   */
  public static MnistCnnGraph.Layers build(
      Ops tf, Operand<TFloat32> images, int[] hiddenUnits, long seed, boolean dropout) {
    Operand<TFloat32> keep = null;
    if (dropout && hiddenUnits.length > 0) {
      Operand<TFloat32> rate =
          tf.withName(DROPOUT_RATE).placeholderWithDefault(tf.constant(0f), Shape.scalar());
      keep = tf.math.sub(tf.constant(1f), rate);
    }
    List<Variable<TFloat32>> variables = new ArrayList<>();
    Operand<TFloat32> activation = images;
    long inputs = MnistData.PIXELS;
    for (int layer = 0; layer <= hiddenUnits.length; layer++) {
      boolean last = layer == hiddenUnits.length;
      long outputs = last ? MnistData.CLASSES : hiddenUnits[layer];
      Variable<TFloat32> w =
          tf.withName("w" + layer)
              .variable(initialWeights(tf, inputs, outputs, seed + layer, hiddenUnits.length == 0));
      Variable<TFloat32> b =
          tf.withName("b" + layer)
              .variable(tf.zeros(tf.constant(new long[] {outputs}), TFloat32.class));
      variables.add(w);
      variables.add(b);
      Operand<TFloat32> z = tf.math.add(tf.linalg.matMul(activation, w), b);
      activation = last ? z : drop(tf, tf.nn.relu(z), keep, seed + 1000 + layer);
      inputs = outputs;
    }
    return new MnistCnnGraph.Layers(activation, List.copyOf(variables));
  }

  /** Inverted dropout: keeps each unit with probability {@code keep} and scales by 1 / keep. */
  private static Operand<TFloat32> drop(
      Ops tf, Operand<TFloat32> units, Operand<TFloat32> keep, long seed) {
    if (keep == null) {
      return units;
    }
    Operand<TFloat32> uniform =
        tf.random.randomUniform(tf.shape(units), TFloat32.class, RandomUniform.seed(seed));
    // floor(keep + U[0,1)) is 1 with probability keep; at rate 0 every unit is kept unscaled.
    Operand<TFloat32> mask = tf.math.floor(tf.math.add(uniform, keep));
    return tf.math.mul(units, tf.math.div(mask, keep));
  }

  private static Operand<TFloat32> initialWeights(
      Ops tf, long inputs, long outputs, long seed, boolean zeros) {
    if (zeros) {
      // The seed's softmax regression starts from zeros, as in TensorFlow's MNIST tutorial.
      return tf.zeros(tf.constant(new long[] {inputs, outputs}), TFloat32.class);
    }
    float stddev = (float) Math.sqrt(2.0 / inputs); // He initialisation for ReLU layers
    return tf.math.mul(
        tf.random.truncatedNormal(
            tf.constant(new long[] {inputs, outputs}), TFloat32.class, TruncatedNormal.seed(seed)),
        tf.constant(stddev));
  }
}
