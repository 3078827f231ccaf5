package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Each way a training step can contradict the graph fails on the driver, before the graph is
 * touched, with a message naming what was expected and what came.
 */
@Timeout(120)
class StepValidationTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[1]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static int operationCount(Graph graph) {
    int n = 0;
    for (Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  /**
   * Runs {@code step} on {@code model} and returns the refusal, checking the graph is untouched.
   */
  private static String refusal(LinearModel model, TrainingStep step) {
    return refusal(model.graph, model.session, model.loss, step);
  }

  private static String refusal(Graph graph, Session session, Operand<?> loss, TrainingStep step) {
    int before = operationCount(graph);
    try (DistributedSession ds =
        DistributedSession.builder(sc, graph, session).loss(loss).build()) {
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(10, 1), 1);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ds.run(step, rows));
      assertEquals(before, operationCount(graph), "the graph was touched: " + e);
      return e.getMessage();
    }
  }

  private static TrainingStep.Builder step(LinearModel model) {
    return TrainingStep.builder(model.train).feeds(model.feeds());
  }

  private static void assertContains(String message, String expected) {
    assertTrue(message.contains(expected), message);
  }

  @Test
  void aParamThatIsNotAVariable() {
    try (LinearModel model = new LinearModel(0.1f)) {
      String m = refusal(model, step(model).params(model.w, model.b, model.loss).build());
      assertContains(m, "trained variable 'loss' is a Mean op, not a variable");
    }
  }

  @Test
  void aDuplicateParam() {
    try (LinearModel model = new LinearModel(0.1f)) {
      String m = refusal(model, step(model).params(model.w, model.b, model.w).build());
      assertContains(m, "trained variable 'w' is listed twice in params [w, b, w]");
    }
  }

  @Test
  void aNonFloatAndAResourceVariable() {
    try (LinearModel model = new LinearModel(0.1f)) {
      Ops tf = Ops.create(model.graph);
      Variable<TInt32> steps = tf.withName("steps").variable(tf.constant(0));
      tf.withName("handle").varHandleOp(TFloat32.class, Shape.of(3));
      String ints = refusal(model, step(model).params(model.w, model.b, steps).build());
      assertContains(ints, "trained variable 'steps' must be float32, got DT_INT32");
      String resource = refusal(model, step(model).paramNames(List.of("w", "b", "handle")).build());
      assertContains(resource, "trained variable 'handle' is a resource variable (VarHandleOp)");
    }
  }

  @Test
  void theLossAsTrainOpAndATrainOpThatUpdatesNothing() {
    try (LinearModel model = new LinearModel(0.1f)) {
      String loss =
          refusal(
              model,
              TrainingStep.builder("loss").feeds(model.feeds()).params(model.params()).build());
      assertContains(loss, "train op 'loss' is the loss: pass the optimizer's minimize op");
      Op noop = Ops.create(model.graph).withName("nothing").noOp();
      String nothing =
          refusal(
              model,
              TrainingStep.builder(noop).feeds(model.feeds()).params(model.params()).build());
      assertContains(nothing, "train op 'nothing' (NoOp) updates no variable");
    }
  }

  @Test
  void aTrainedVariableMissingFromParamsUnlessDeclaredLocal() {
    try (LinearModel model = new LinearModel(0.1f)) {
      String m = refusal(model, step(model).params(model.w).build());
      assertContains(m, "the train op trains {b=ApplyGradientDescent");
      assertContains(m, "but they are not in params");
      String wrongLocal =
          refusal(model, step(model).params(model.w, model.b).localVariables("x").build());
      assertContains(wrongLocal, "localVariables names 'x' but the train op trains only [b, w]");
      try (DistributedSession ds =
          DistributedSession.builder(sc, model.graph, model.session).loss(model.loss).build()) {
        EpochReport report =
            ds.run(
                step(model).params(model.w).localVariables("b").build(),
                sc.parallelize(LinearModel.rows(100, 1), 1));
        assertEquals(100, report.samples(), "declared local, b trains without the TPS");
      }
    }
  }

  @Test
  void feedsOfUnsupportedDtypesAndMismatchedConstants() {
    try (LinearModel model = new LinearModel(0.1f)) {
      Ops tf = Ops.create(model.graph);
      tf.withName("weights").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1)));
      tf.withName("keep_prob").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      String rowFeed = refusal(model, step(model).feeds("weights").params(model.params()).build());
      assertContains(
          rowFeed,
          "feed 'weights' has dtype DT_DOUBLE; supported feed dtypes are DT_FLOAT, DT_INT32, DT_INT64");
      String wrongType =
          refusal(model, step(model).params(model.params()).constantFeed("keep_prob", 0.5).build());
      assertContains(
          wrongType,
          "constant feed 'keep_prob' is DT_FLOAT and expects a Float or float[], got double scalar");
      String wrongShape =
          refusal(
              model,
              step(model).params(model.params()).constantFeed("keep_prob", new float[2]).build());
      assertContains(
          wrongShape, "constant feed 'keep_prob' has shape [], got a value of shape [2]");
      String twice =
          refusal(
              model, step(model).params(model.params()).constantFeed("x", new float[3]).build());
      assertContains(twice, "constant feed 'x' is fed twice");
    }
  }

  @Test
  void nonScalarMetricsFedMetricsAndOptimizerStateAsParams() {
    try (LinearModel model = new LinearModel(0.1f)) {
      String fed = refusal(model, step(model).params(model.params()).metric("x").build());
      assertContains(fed, "metric 'x' is fed at every step");
      Operand<?> features =
          Ops.create(model.graph).withName("features").identity(model.graph.output("x"));
      String shape = refusal(model, step(model).params(model.params()).metric(features).build());
      assertContains(
          shape,
          "metric 'features' must be a scalar (reduce it, e.g. with tf.math.mean), got shape [-1,"
              + " 3]");
    }
    adamModel();
  }

  /** The linear model trained by Adam: its first-moment slot listed as a param is refused. */
  private static void adamModel() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TFloat32> y =
          tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Variable<TFloat32> w =
          tf.withName("w").variable(tf.zeros(tf.constant(new long[] {3, 1}), TFloat32.class));
      Variable<TFloat32> b =
          tf.withName("b").variable(tf.zeros(tf.constant(new long[] {1}), TFloat32.class));
      Operand<TFloat32> prediction =
          tf.reshape(tf.math.add(tf.linalg.matMul(x, w), b), tf.constant(new long[] {-1}));
      Operand<TFloat32> loss =
          tf.withName("loss").math.mean(tf.math.square(tf.math.sub(prediction, y)), tf.constant(0));
      Adam optimizer = new Adam(graph, 0.01f);
      Op train = optimizer.minimize(loss, "train");
      Variable<?> slot = optimizer.getSlot(w.asOutput(), Adam.FIRST_MOMENT).orElseThrow();
      try (Session session = new Session(graph)) {
        String m =
            refusal(
                graph,
                session,
                loss,
                TrainingStep.builder(train).feeds("x", "y").params(w, b, slot).build());
        assertContains(
            m, "param '" + slot.op().name() + "' is optimizer state (updated by ApplyAdam");
        String ok =
            refusal(
                graph,
                session,
                loss,
                TrainingStep.builder(train).feeds("x", "y").params(w).build());
        assertContains(ok, "the train op trains {b=ApplyAdam");
      }
    }
  }
}
