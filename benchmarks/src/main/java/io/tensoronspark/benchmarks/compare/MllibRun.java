package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark MLlib peers on the same split and cores ({@code local[N]}, N partitions):
 * LogisticRegression (multinomial) and MultilayerPerceptronClassifier (784-hidden-10, L-BFGS). Each
 * iteration budget of the ladder is one fit from scratch, so the time to a target accuracy is the
 * shortest fit that reached it. The DataFrames are cached before the clock starts. Stateless.
 */
final class MllibRun {

  private MllibRun() {}

  /** The peer's fits, one per iteration budget in {@code iterations}. */
  static RunResult run(
      ModelCase.Peer peer, RunSettings settings, int[] iterations, int hiddenUnits, int round) {
    SparkSession spark = LocalSpark.start(settings.partitions());
    try {
      Dataset<Row> train = frame(spark, settings.train(), settings.partitions()).cache();
      Dataset<Row> test = frame(spark, settings.test(), settings.partitions()).cache();
      train.count();
      test.count();
      MulticlassClassificationEvaluator evaluator =
          new MulticlassClassificationEvaluator().setMetricName("accuracy");
      List<EpochFigures> fits = new ArrayList<>();
      for (int budget : iterations) {
        Predictor<?, ?, ?> estimator = estimator(peer, budget, hiddenUnits, settings.seed());
        long start = System.nanoTime();
        Model<?> model = estimator.fit(train);
        long fitMillis = (System.nanoTime() - start) / 1_000_000;
        float accuracy = (float) evaluator.evaluate(model.transform(test));
        fits.add(new EpochFigures(settings.train().size(), fitMillis, accuracy));
      }
      ModelCase modelCase = peer == ModelCase.Peer.MLLIB_LR ? ModelCase.SOFTMAX : ModelCase.MLP;
      return new RunResult(modelCase, peer.config, round, settings.partitions(), 0, fits, true);
    } finally {
      spark.stop();
    }
  }

  private static Predictor<?, ?, ?> estimator(
      ModelCase.Peer peer, int iterations, int hiddenUnits, long seed) {
    return switch (peer) {
      case MLLIB_LR ->
          new LogisticRegression().setFamily("multinomial").setRegParam(0).setMaxIter(iterations);
      case MLLIB_MLP ->
          new MultilayerPerceptronClassifier()
              .setLayers(new int[] {MnistData.PIXELS, hiddenUnits, MnistData.CLASSES})
              .setMaxIter(iterations)
              .setSeed(seed);
    };
  }

  private static Dataset<Row> frame(SparkSession spark, MnistData data, int partitions) {
    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      float[] image = data.images()[i];
      double[] features = new double[image.length];
      for (int p = 0; p < image.length; p++) {
        features[p] = image[p];
      }
      rows.add(RowFactory.create((double) data.labels()[i], Vectors.dense(features)));
    }
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema).repartition(partitions);
  }
}
