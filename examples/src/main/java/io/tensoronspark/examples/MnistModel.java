package io.tensoronspark.examples;

import io.tensoronspark.session.export.ModelSignature;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * An MNIST classifier built on the driver exactly as for one machine: placeholders {@code x} (float
 * [batch, 784]) and {@code y} (int [batch], the digit), a softmax, a ReLU MLP or a CNN, a softmax
 * cross-entropy loss, a gradient-descent or Adam train op and an accuracy op. Owns its graph and
 * session; close it.
 */
public final class MnistModel implements AutoCloseable {

  /** The image placeholder's name. */
  public static final String X = "x";

  /** The label placeholder's name. */
  public static final String Y = "y";

  private final Graph graph;
  private final Session session;
  private final Op trainOp;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> accuracy;
  private final Operand<TFloat32> probabilities;
  private final Operand<TInt64> classes;
  private final List<Variable<TFloat32>> parameters;
  private final Map<String, Float> constantFeeds;

  private MnistModel(
      BiFunction<Ops, Operand<TFloat32>, MnistCnnGraph.Layers> network,
      Function<Graph, Optimizer> optimizer,
      float dropoutRate) {
    this.constantFeeds =
        dropoutRate > 0f ? Map.of(MnistMlpGraph.DROPOUT_RATE, dropoutRate) : Map.of();
    graph = new Graph();
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> x =
        tf.withName(X)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, MnistData.PIXELS)));
    Placeholder<TInt32> y =
        tf.withName(Y).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    MnistCnnGraph.Layers layers = network.apply(tf, x);
    parameters = layers.variables();
    Operand<TFloat32> logits = layers.logits();
    probabilities = tf.withName("probabilities").nn.softmax(logits);
    classes = tf.withName("classes").math.argMax(logits, tf.constant(1), TInt64.class);
    // TF has no C++ gradient for the sparse cross-entropy, so the int labels are one-hot encoded in
    // the graph.
    Operand<TFloat32> oneHot =
        tf.oneHot(y, tf.constant(MnistData.CLASSES), tf.constant(1f), tf.constant(0f));
    loss =
        tf.withName("loss")
            .math
            .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    trainOp = optimizer.apply(graph).minimize(loss, "train");
    Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
    accuracy =
        tf.withName("accuracy")
            .math
            .mean(tf.dtypes.cast(tf.math.equal(predicted, y), TFloat32.class), tf.constant(0));
    session = new Session(graph);
  }

  /** The seed's model: 784 -> 10 softmax regression. */
  public static MnistModel softmax(float learningRate) {
    return new MnistModel(
        (tf, x) -> MnistMlpGraph.build(tf, x, new int[0], 0, false),
        g -> new GradientDescent(g, learningRate),
        0f);
  }

  /** How the MLP's train op updates its weights. */
  public enum OptimizerKind {
    /** Plain gradient descent. */
    SGD,
    /** Adam from tensorflow-framework; its moments stay local optimizer state on executors. */
    ADAM
  }

  /**
   * A ReLU multi-layer perceptron, 784 -> hidden... -> 10, with the example's default optimizer
   * ({@link MnistMlp#DEFAULT_OPTIMIZER}), learning-rate half-life ({@link
   * MnistMlp#DEFAULT_LR_HALF_LIFE_STEPS}) and dropout rate ({@link MnistMlp#DEFAULT_DROPOUT}).
   */
  public static MnistModel mlp(float learningRate, long seed, int... hiddenUnits) {
    return mlp(
        MnistMlp.DEFAULT_OPTIMIZER,
        learningRate,
        MnistMlp.DEFAULT_LR_HALF_LIFE_STEPS,
        MnistMlp.DEFAULT_DROPOUT,
        seed,
        hiddenUnits);
  }

  /**
   * A ReLU multi-layer perceptron, 784 -> hidden... -> 10, trained with {@code optimizer} at a
   * constant {@code learningRate}; with {@code dropoutRate} > 0 the training steps drop hidden
   * units at that rate (see {@link #constantFeeds()}), evaluation keeps them all.
   */
  public static MnistModel mlp(
      OptimizerKind optimizer,
      float learningRate,
      float dropoutRate,
      long seed,
      int... hiddenUnits) {
    return mlp(optimizer, learningRate, 0, dropoutRate, seed, hiddenUnits);
  }

  /**
   * As {@link #mlp(OptimizerKind, float, float, long, int...)}, the learning rate halving every
   * {@code lrHalfLifeSteps} local training steps (0: constant; see {@link HalfLifeOptimizer}).
   */
  public static MnistModel mlp(
      OptimizerKind optimizer,
      float learningRate,
      long lrHalfLifeSteps,
      float dropoutRate,
      long seed,
      int... hiddenUnits) {
    if (hiddenUnits.length == 0) {
      throw new IllegalArgumentException("an MLP needs at least one hidden layer");
    }
    if (lrHalfLifeSteps < 0) {
      throw new IllegalArgumentException(
          "the learning rate's half-life must be 0 (constant) or positive steps, got "
              + lrHalfLifeSteps);
    }
    if (!(dropoutRate >= 0f && dropoutRate < 1f)) {
      throw new IllegalArgumentException("the dropout rate must be in [0, 1), got " + dropoutRate);
    }
    int[] widths = hiddenUnits.clone();
    boolean dropout = dropoutRate > 0f;
    return new MnistModel(
        (tf, x) -> MnistMlpGraph.build(tf, x, widths, seed, dropout),
        g -> HalfLifeOptimizer.create(g, optimizer, learningRate, lrHalfLifeSteps),
        dropoutRate);
  }

  /** The convolutional network of {@link MnistCnnGraph}, trained with Adam. */
  public static MnistModel cnn(float learningRate, long seed) {
    return new MnistModel(
        (tf, x) -> MnistCnnGraph.build(tf, x, seed), g -> new Adam(g, learningRate), 0f);
  }

  public Graph graph() {
    return graph;
  }

  public Session session() {
    return session;
  }

  public Op trainOp() {
    return trainOp;
  }

  public Operand<TFloat32> loss() {
    return loss;
  }

  /** The batch accuracy op (float scalar), e.g. as a training metric. */
  public Operand<TFloat32> accuracyOp() {
    return accuracy;
  }

  public List<Variable<TFloat32>> parameters() {
    return parameters;
  }

  /** The serving signature: {@code x} (images) -> {@code probabilities}, {@code classes}. */
  public ModelSignature serving() {
    return ModelSignature.builder()
        .input(X, graph.operation(X).output(0))
        .output("probabilities", probabilities)
        .output("classes", classes)
        .build();
  }

  /**
   * The {@code evaluate} signature: {@code x}, {@code y} -> scalar {@code loss}, {@code accuracy}.
   */
  public ModelSignature evaluation() {
    return ModelSignature.builder()
        .key("evaluate")
        .input(X, graph.operation(X).output(0))
        .input(Y, graph.operation(Y).output(0))
        .output("loss", loss)
        .output("accuracy", accuracy)
        .build();
  }

  /**
   * What every training step feeds besides the rows (the dropout rate when the model has dropout);
   * evaluation and inference feed none of them.
   */
  public Map<String, Float> constantFeeds() {
    return constantFeeds;
  }

  /** The parameters' operation names. */
  public List<String> parameterNames() {
    return parameters.stream().map(p -> p.op().name()).toList();
  }

  /** The feed names in row order: image, label. */
  public List<String> feedNames() {
    return List.of(X, Y);
  }

  /** Accuracy of the driver session's current parameters on {@code data}. */
  public float accuracy(MnistData data) {
    try (TFloat32 images =
            TFloat32.tensorOf(
                Shape.of(data.size(), MnistData.PIXELS),
                DataBuffers.of(data.flatImages(), true, false));
        TInt32 labels =
            TInt32.tensorOf(Shape.of(data.size()), DataBuffers.of(data.labels(), true, false));
        Result result = session.runner().feed(X, images).feed(Y, labels).fetch(accuracy).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
