package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Constant feeds reach every training step (the model only learns when both are fed right) and
 * extra scalar fetches come back per epoch, weighted by batch rows.
 */
@Timeout(120)
class FeedsAndMetricsTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void scalarConstantFeedsApplyAtEveryStepAndMetricsAreBatchWeighted() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Placeholder<TFloat32> y =
          tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TFloat32> keepProb =
          tf.withName("keep_prob").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TBool> training =
          tf.withName("training").placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
      Variable<TFloat32> w =
          tf.withName("w").variable(tf.zeros(tf.constant(new long[] {3, 1}), TFloat32.class));
      Variable<TFloat32> b =
          tf.withName("b").variable(tf.zeros(tf.constant(new long[] {1}), TFloat32.class));
      // The inputs reach w only when keep_prob = 0.5 and training = true are fed: scale 1.
      Operand<TFloat32> scale =
          tf.math.mul(
              tf.math.mul(keepProb, tf.constant(2f)), tf.dtypes.cast(training, TFloat32.class));
      Operand<TFloat32> prediction =
          tf.reshape(
              tf.math.add(tf.linalg.matMul(tf.math.mul(x, scale), w), b),
              tf.constant(new long[] {-1}));
      Operand<TFloat32> loss =
          tf.withName("loss").math.mean(tf.math.square(tf.math.sub(prediction, y)), tf.constant(0));
      Op train = new GradientDescent(graph, 0.1f).minimize(loss, "train");
      Operand<TFloat32> yMean = tf.withName("y_mean").math.mean(y, tf.constant(0));
      Operand<TInt32> rows = tf.withName("rows").size(y, TInt32.class);
      try (Session session = new Session(graph);
          DistributedSession ds =
              DistributedSession.builder(sc, graph, session)
                  .batchSize(20)
                  .syncIntervalSteps(5)
                  .loss(loss)
                  .build()) {
        TrainingStep step =
            TrainingStep.builder(train)
                .feeds("x", "y")
                .params(w, b)
                .constantFeed("keep_prob", 0.5f)
                .constantFeed("training", true)
                .metric(yMean)
                .metric(rows)
                .metric(tf.withName("kp").identity(keepProb))
                .build();
        List<Object[]> data = LinearModel.rows(2010, 3);
        JavaRDD<Object[]> rdd = sc.parallelize(data, 2); // 1,005 rows each: 50 x 20 + 1 x 5
        EpochReport report = null;
        for (int epoch = 0; epoch < 4; epoch++) {
          report = ds.run(step, rdd);
        }
        double sum = 0;
        for (Object[] row : data) {
          sum += (Float) row[1];
        }
        assertEquals(List.of("y_mean", "rows", "kp"), List.copyOf(report.metrics().keySet()));
        assertEquals(sum / data.size(), report.metric("y_mean"), 1e-4);
        assertEquals(2 * (50 * 20 * 20 + 5 * 5) / 2010.0, report.metric("rows"), 1e-9);
        assertEquals(0.5, report.metric("kp"), 0);
        List<io.tensoronspark.tps.protocol.PushRecord> pushes = ds.recentPushes();
        double pushed =
            pushes.stream().mapToLong(io.tensoronspark.tps.protocol.PushRecord::samples).sum();
        assertEquals(
            0.5,
            pushes.stream().mapToDouble(p -> p.metricSums()[2]).sum() / pushed,
            1e-12,
            "every push carries its metric sums");
        assertEquals(
            report.metric("rows"),
            pushes.stream().mapToDouble(p -> p.metricSums()[1]).sum() / pushed,
            1e-9);
        assertArrayEquals(LinearModel.TRUE_W, ds.tpsValues()[0], 0.05f);
      }
    }
  }
}
