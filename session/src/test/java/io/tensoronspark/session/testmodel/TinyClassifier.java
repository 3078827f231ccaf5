package io.tensoronspark.session.testmodel;

import io.tensoronspark.session.export.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.GradientDescent;
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
 * A test model: softmax regression of 4 features onto 3 classes drawn from Gaussian blobs, with the
 * signatures an exported classifier has: {@code serving_default} (x -> probabilities, classes) and
 * {@code evaluate} (x, y -> loss, accuracy).
 */
public final class TinyClassifier implements AutoCloseable {

  public static final int FEATURES = 4;
  public static final int CLASSES = 3;

  public final Graph graph = new Graph();
  public final Session session;
  public final Op train;
  public final Operand<TFloat32> loss;
  public final Operand<TFloat32> accuracy;
  public final Operand<TFloat32> probabilities;
  public final Operand<TInt64> classes;
  public final Variable<TFloat32> w;
  public final Variable<TFloat32> b;
  public final Placeholder<TFloat32> x;
  public final Placeholder<TInt32> y;

  public TinyClassifier() {
    Ops tf = Ops.create(graph);
    x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, FEATURES)));
    y = tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    w =
        tf.withName("w")
            .variable(tf.zeros(tf.constant(new long[] {FEATURES, CLASSES}), TFloat32.class));
    b = tf.withName("b").variable(tf.zeros(tf.constant(new long[] {CLASSES}), TFloat32.class));
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(x, w), b);
    probabilities = tf.withName("probabilities").nn.softmax(logits);
    classes = tf.withName("classes").math.argMax(logits, tf.constant(1), TInt64.class);
    Operand<TFloat32> oneHot = tf.oneHot(y, tf.constant(CLASSES), tf.constant(1f), tf.constant(0f));
    loss =
        tf.withName("loss")
            .math
            .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    train = new GradientDescent(graph, 0.5f).minimize(loss, "train");
    accuracy =
        tf.withName("accuracy")
            .math
            .mean(
                tf.dtypes.cast(
                    tf.math.equal(classes, tf.dtypes.cast(y, TInt64.class)), TFloat32.class),
                tf.constant(0));
    session = new Session(graph);
  }

  public List<String> feeds() {
    return List.of("x", "y");
  }

  public List<Variable<TFloat32>> params() {
    return List.of(w, b);
  }

  public ModelSignature serving() {
    return ModelSignature.builder()
        .input("x", x)
        .output("probabilities", probabilities)
        .output("classes", classes)
        .build();
  }

  public ModelSignature evaluation() {
    return ModelSignature.builder()
        .key("evaluate")
        .input("x", x)
        .input("y", y)
        .output("loss", loss)
        .output("accuracy", accuracy)
        .build();
  }

  /** Rows {x float[4], y Integer}: class c's blob is centred on 2 * e_c. */
  public static List<Object[]> rows(int n, long seed) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(CLASSES);
      float[] features = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        features[j] = (float) random.nextGaussian() + (j == label ? 2f : 0f);
      }
      rows.add(new Object[] {features, label});
    }
    return rows;
  }

  /** The driver session's probabilities for the rows' features, row-major [n, 3]. */
  public float[] driverProbabilities(List<Object[]> rows) {
    float[] flat = new float[rows.size() * FEATURES];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy((float[]) rows.get(i)[0], 0, flat, i * FEATURES, FEATURES);
    }
    float[] out = new float[rows.size() * CLASSES];
    try (TFloat32 in =
            TFloat32.tensorOf(Shape.of(rows.size(), FEATURES), DataBuffers.of(flat, true, false));
        Result r = session.runner().feed(x, in).fetch(probabilities).run()) {
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
    }
    return out;
  }

  /** A loopback-only Spark context without UI. */
  public static JavaSparkContext spark(String master) {
    return new JavaSparkContext(
        new SparkConf()
            .setMaster(master)
            .setAppName("tensoronspark-test")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
