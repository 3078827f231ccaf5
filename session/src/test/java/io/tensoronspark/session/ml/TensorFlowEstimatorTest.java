package io.tensoronspark.session.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.testmodel.TinyClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class TensorFlowEstimatorTest {

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Dataset<Row> train;
  private static Dataset<Row> test;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("tensoronspark-ml-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    train = frame(TinyClassifier.rows(800, 1), 2);
    test = frame(TinyClassifier.rows(300, 2), 3);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Columns f0..f3 (double), label (int), arr (array<float>), darr (array<double>), sparse. */
  static Dataset<Row> frame(List<Object[]> rows, int partitions) {
    StructType schema =
        new StructType()
            .add("f0", DataTypes.DoubleType)
            .add("f1", DataTypes.DoubleType)
            .add("f2", DataTypes.DoubleType)
            .add("f3", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("arr", DataTypes.createArrayType(DataTypes.FloatType))
            .add("darr", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("sparse", SQLDataTypes.VectorType())
            .add("id", DataTypes.IntegerType);
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      float[] x = (float[]) r[0];
      Float[] boxed = new Float[4];
      Double[] doubles = new Double[4];
      double[] d = new double[4];
      for (int i = 0; i < 4; i++) {
        boxed[i] = x[i];
        doubles[i] = (double) x[i];
        d[i] = x[i];
      }
      out.add(
          RowFactory.create(
              d[0],
              d[1],
              d[2],
              d[3],
              r[1],
              boxed,
              doubles,
              Vectors.dense(d).toSparse(),
              out.size()));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(out, partitions), schema).cache();
  }

  private static TensorFlowEstimator estimator() {
    return new TensorFlowEstimator()
        .setGraphClass(TinyGraph.class.getName())
        .setInputCols("features")
        .setInputFeeds("x")
        .setLabelCol("label")
        .setLabelFeed("y")
        .setEpochs(2)
        .setBatchSize(20)
        .setValidationFraction(0.2);
  }

  @Test
  void aPipelineWithTheEstimatorFitsSavesLoadsAndTransforms() throws Exception {
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(new String[] {"f0", "f1", "f2", "f3"})
            .setOutputCol("features");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, estimator()});
    String pipelinePath = tmp.resolve("pipeline").toString();
    pipeline.write().overwrite().save(pipelinePath);
    Pipeline reloadedPipeline = Pipeline.load(pipelinePath); // the estimator's params survive
    PipelineModel fitted = reloadedPipeline.fit(train);
    TensorFlowModel model = (TensorFlowModel) fitted.stages()[1];
    assertEquals(2, model.getValidationLosses().length);
    assertTrue(model.getValidationLosses()[1] < Math.log(3), "below chance loss");

    Dataset<Row> out = fitted.transform(test);
    assertEquals(
        List.of(
            "f0",
            "f1",
            "f2",
            "f3",
            "label",
            "arr",
            "darr",
            "sparse",
            "id",
            "features",
            "probabilities",
            "classes"),
        List.of(out.columns()));
    assertEquals(
        DataTypes.createArrayType(DataTypes.FloatType, false),
        out.schema().apply("probabilities").dataType());
    assertEquals(DataTypes.LongType, out.schema().apply("classes").dataType());
    List<Row> before = out.orderBy("id").collectAsList();
    double accuracy = accuracy(before);
    assertTrue(accuracy > 0.8, "accuracy " + accuracy);

    String modelPath = tmp.resolve("pipeline-model").toString();
    fitted.write().overwrite().save(modelPath);
    PipelineModel loaded = PipelineModel.load(modelPath);
    List<Row> after = loaded.transform(test).orderBy("id").collectAsList();
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      assertEquals(before.get(i), after.get(i), "row " + i);
    }
    assertTrue(
        ((TensorFlowModel) loaded.stages()[1]).$(model.modelUri()).startsWith(modelPath),
        "the loaded model reads the SavedModel saved with it");
  }

  @Test
  void restoreBestFitsTheModelOfTheLowestValidationLoss() throws Exception {
    Dataset<Row> rows =
        new VectorAssembler()
            .setInputCols(new String[] {"f0", "f1", "f2", "f3"})
            .setOutputCol("features")
            .transform(train)
            .withColumn("holdout", functions.expr("id % 5 = 0"));
    TensorFlowModel model =
        estimator().setEpochs(5).setValidationCol("holdout").setRestoreBest(true).fit(rows);
    double[] losses = model.getValidationLosses();
    assertEquals(5, losses.length);
    double best = Arrays.stream(losses).min().orElseThrow();
    // the fitted model's own cross-entropy on the validation rows is the best epoch's loss
    List<Row> scored = model.transform(rows.filter("holdout")).collectAsList();
    double crossEntropy = 0;
    for (Row r : scored) {
      List<Float> p = r.getList(r.fieldIndex("probabilities"));
      crossEntropy -= Math.log(p.get(r.getInt(r.fieldIndex("label"))));
    }
    crossEntropy /= scored.size();
    assertEquals(best, crossEntropy, 1e-4, "losses per epoch " + Arrays.toString(losses));
  }

  @Test
  void earlyStoppingWithoutAValidationSplitIsRefused() {
    Dataset<Row> rows =
        new VectorAssembler()
            .setInputCols(new String[] {"f0", "f1", "f2", "f3"})
            .setOutputCol("features")
            .transform(train);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> estimator().setValidationFraction(0).setPatience(2).fit(rows));
    assertEquals(
        "patience 2 and restoreBest false watch the validation loss: set validationFraction > 0"
            + " or validationCol, got neither",
        e.getMessage());
  }

  @Test
  void floatArraysDoubleArraysAndSparseVectorsGiveTheSamePredictions() throws Exception {
    Dataset<Row> withFeatures =
        new VectorAssembler()
            .setInputCols(new String[] {"f0", "f1", "f2", "f3"})
            .setOutputCol("features")
            .transform(train);
    TensorFlowModel model =
        estimator()
            .setEpochs(1)
            .setValidationCol("holdout")
            .fit(withFeatures.withColumn("holdout", functions.expr("id % 5 = 0")));
    assertEquals(1, model.getValidationLosses().length, "validation rows chosen by a column");
    List<Row> reference =
        model
            .copy(new ParamMap())
            .setInputCols("arr")
            .transform(test)
            .orderBy("id")
            .collectAsList();
    for (String column : List.of("darr", "sparse")) {
      TensorFlowModel m = model.copy(new ParamMap()).setInputCols(column);
      List<Row> rows = m.transform(test).orderBy("id").collectAsList();
      assertEquals(reference.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row expected = reference.get(i);
        Row actual = rows.get(i);
        assertEquals(
            expected.getList(expected.fieldIndex("probabilities")),
            actual.getList(actual.fieldIndex("probabilities")),
            column + " row " + i);
      }
    }
  }

  @Test
  void columnsOfTheWrongTypeOrSizeAreRefusedNamingWhatWasExpected() throws Exception {
    Dataset<Row> strings = train.withColumn("features", train.col("label").cast("string"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> estimator().fit(strings));
    assertEquals(
        "column 'features' feeds 'x' (float[4] (row shape [4])): expected array<float>,"
            + " array<double> or vector of size 4, got string",
        e.getMessage());
    Dataset<Row> three =
        new VectorAssembler()
            .setInputCols(new String[] {"f0", "f1", "f2"})
            .setOutputCol("features")
            .transform(train);
    e = assertThrows(IllegalArgumentException.class, () -> estimator().fit(three));
    assertTrue(e.getMessage().endsWith("got vectors of size 3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> estimator().setLabelCol("digit").fit(three));
    assertTrue(
        e.getMessage().startsWith("column 'digit' is not in the DataFrame; its columns are [f0"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TensorFlowEstimator().fit(train));
    assertEquals(
        "TensorFlowEstimator needs graphClass (TrainableGraph class (public no-arg ctor)), got none",
        e.getMessage());
  }

  private static double accuracy(List<Row> rows) {
    int correct = 0;
    for (Row r : rows) {
      if (r.getLong(r.fieldIndex("classes")) == r.getInt(r.fieldIndex("label"))) {
        correct++;
      }
    }
    return correct / (double) rows.size();
  }
}
