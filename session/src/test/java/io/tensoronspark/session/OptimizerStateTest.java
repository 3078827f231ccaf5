package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam through tensorflow-framework over the TPS: a scalar trained variable (the bias) is synced
 * end to end as one element, and the optimizer state's lifetime follows the policy (seen through
 * Adam's beta1 power, fetched as a metric at every step).
 */
@Timeout(180)
class OptimizerStateTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /** Per epoch: the mean beta1 power seen by the steps; also checks w and the scalar b. */
  private static List<Double> train(OptimizerState policy) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TFloat32> y =
          tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Variable<TFloat32> w =
          tf.withName("w").variable(tf.zeros(tf.constant(new long[] {3, 1}), TFloat32.class));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(0f)); // a scalar variable
      Operand<TFloat32> prediction =
          tf.math.add(tf.reshape(tf.linalg.matMul(x, w), tf.constant(new long[] {-1})), b);
      Operand<TFloat32> loss =
          tf.withName("loss").math.mean(tf.math.square(tf.math.sub(prediction, y)), tf.constant(0));
      Op train = new Adam(graph, 0.05f).minimize(loss, "train");
      String betaPower = scalarStateVariable(graph);
      Operand<?> betaSeen = tf.withName("beta_seen").identity(graph.output(betaPower));
      try (Session session = new Session(graph);
          DistributedSession ds =
              DistributedSession.builder(sc, graph, session)
                  .batchSize(25)
                  .syncIntervalSteps(5)
                  .loss(loss)
                  .build()) {
        TrainingStep step =
            TrainingStep.builder(train)
                .feeds("x", "y")
                .params(w, b)
                .metric(betaSeen)
                .optimizerState(policy)
                .build();
        JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(1000, 5), 2);
        List<Double> seen = new ArrayList<>();
        for (int epoch = 0; epoch < 6; epoch++) {
          seen.add(ds.run(step, rows).metric("beta_seen"));
        }
        float[][] values = ds.tpsValues();
        assertEquals(1, values[1].length, "the scalar bias is one element at the TPS");
        assertArrayEquals(values[1], ds.driverValues(List.of("b"))[0], 0f);
        assertArrayEquals(LinearModel.TRUE_W, values[0], 0.5f, "trained towards the true weights");
        assertEquals(LinearModel.TRUE_B, values[1][0], 0.5f, "the scalar bias trained");
        return seen;
      }
    }
  }

  /** Adam's beta1 power: a scalar float variable that is neither w nor b. */
  private static String scalarStateVariable(Graph graph) {
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      String name = op.name().toLowerCase(java.util.Locale.ROOT);
      if (op.type().equals("VariableV2")
          && op.output(0).shape().numDimensions() == 0
          && !op.name().equals("b")
          && name.contains("beta")
          && (name.contains("1") || name.contains("one"))) {
        return op.name();
      }
    }
    throw new AssertionError("no beta1 power variable in the Adam graph");
  }

  @Test
  void resetPerTaskStartsEveryTaskFromTheInitialState() {
    List<Double> seen = train(OptimizerState.RESET_PER_TASK);
    for (double epochMean : seen) {
      assertEquals(seen.get(0), epochMean, 1e-6, "every epoch sees the same beta powers: " + seen);
    }
  }

  @Test
  void keepPerExecutorCarriesTheStateAcrossEpochs() {
    List<Double> seen = train(OptimizerState.KEEP_PER_EXECUTOR);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) < seen.get(i - 1), "beta powers keep decaying: " + seen);
    }
  }
}
