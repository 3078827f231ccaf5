package io.tensoronspark.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A test model: y = x . w + b fitted by gradient descent on noise-free data from known weights. */
final class LinearModel implements AutoCloseable {

  static final float[] TRUE_W = {2f, -3f, 0.5f};
  static final float TRUE_B = 1f;

  final Graph graph = new Graph();
  final Session session;
  final Op train;
  final Operand<TFloat32> loss;
  final Variable<TFloat32> w;
  final Variable<TFloat32> b;

  LinearModel(float learningRate) {
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> x =
        tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
    Placeholder<TFloat32> y =
        tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    w = tf.withName("w").variable(tf.zeros(tf.constant(new long[] {3, 1}), TFloat32.class));
    b = tf.withName("b").variable(tf.zeros(tf.constant(new long[] {1}), TFloat32.class));
    Operand<TFloat32> prediction =
        tf.reshape(tf.math.add(tf.linalg.matMul(x, w), b), tf.constant(new long[] {-1}));
    loss =
        tf.withName("loss").math.mean(tf.math.square(tf.math.sub(prediction, y)), tf.constant(0));
    train = new GradientDescent(graph, learningRate).minimize(loss, "train");
    session = new Session(graph);
  }

  List<String> feeds() {
    return List.of("x", "y");
  }

  List<Variable<TFloat32>> params() {
    return List.of(w, b);
  }

  static List<Object[]> rows(int n, long seed) {
    Random random = new Random(seed);
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] x = new float[3];
      float y = TRUE_B;
      for (int j = 0; j < 3; j++) {
        x[j] = random.nextFloat() * 2 - 1;
        y += TRUE_W[j] * x[j];
      }
      rows.add(new Object[] {x, y});
    }
    return rows;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
