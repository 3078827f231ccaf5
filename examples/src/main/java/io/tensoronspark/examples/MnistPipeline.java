package io.tensoronspark.examples;

import io.tensoronspark.session.ml.TensorFlowEstimator;
import io.tensoronspark.session.ml.TensorFlowModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * MNIST softmax through Spark ML: a DataFrame of (pixels vector, label), a {@code Pipeline} of a
 * {@code VectorAssembler} and the {@link TensorFlowEstimator}, fitted, saved as a {@code
 * PipelineModel} (to {@code --model}, default a temporary directory), loaded back, and the loaded
 * model's {@code transform} of the test DataFrame scored. Used by one thread.
 */
@Command(
    name = "mnist-pipeline",
    mixinStandardHelpOptions = true,
    description = "Fit the TensorFlow estimator inside a Spark ML Pipeline on MNIST DataFrames.")
public final class MnistPipeline implements Callable<Integer> {

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 5;

  /** Rows held out for the per-epoch validation loss by default. */
  public static final double VALIDATION_FRACTION = 0.1;

  @Mixin TrainingOptions options = new TrainingOptions();

  /** The outcome: per-epoch validation losses and the loaded model's test accuracy. */
  public record Outcome(double[] validationLosses, double accuracy, String pipelineUri) {}

  @Override
  public Integer call() throws Exception {
    SparkSession.Builder b = SparkSession.builder().appName("TensorOnSpark MNIST pipeline");
    b.master(options.master != null ? options.master : MnistTraining.DEFAULT_MASTER);
    SparkSession spark = b.getOrCreate();
    try {
      spark.sparkContext().setLogLevel("WARN");
      run(spark, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Fits, saves, loads and scores in an existing Spark session. */
  Outcome run(SparkSession spark, PrintStream out) throws Exception {
    options.applyDefaults(
        DEFAULT_EPOCHS, MnistSoftmax.DEFAULT_BATCH_SIZE, MnistSoftmax.DEFAULT_COMBINER);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = options.partitions;
    Dataset<Row> train =
        frame(
            spark, MnistSource.trainRows(sc, options.data, options.format, partitions), partitions);
    Dataset<Row> test =
        frame(
            spark, MnistSource.testRows(sc, options.data, options.format, partitions), partitions);
    TensorFlowEstimator estimator =
        new TensorFlowEstimator()
            .setGraphClass(MnistSoftmaxGraph.class.getName())
            .setInputCols("features")
            .setInputFeeds(MnistModel.X)
            .setLabelCol("label")
            .setLabelFeed(MnistModel.Y)
            .setEpochs(options.epochs)
            .setBatchSize(options.batchSize)
            .setSyncIntervalSteps(options.syncIntervalSteps)
            .setCombiner(options.combiner)
            .setValidationFraction(VALIDATION_FRACTION)
            .setPatience(options.patience)
            .setRestoreBest(options.restoreBest)
            .setSeed(options.seed);
    if (options.modelDir != null) {
      estimator.setModelDir(options.modelDir);
    }
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(new String[] {"pixels"}).setOutputCol("features");
    PipelineModel fitted =
        new Pipeline().setStages(new PipelineStage[] {assembler, estimator}).fit(train);
    double[] losses = ((TensorFlowModel) fitted.stages()[1]).getValidationLosses();
    out.printf(Locale.ROOT, "Validation loss per epoch: %s%n", Arrays.toString(losses));
    String uri =
        options.savedModel != null
            ? options.savedModel
            : Files.createTempDirectory("mnist-pipeline-").resolve("model").toUri().toString();
    fitted.write().overwrite().save(uri);
    PipelineModel loaded = PipelineModel.load(uri);
    Dataset<Row> scored = loaded.transform(test);
    long rows = scored.count();
    long correct = scored.filter("classes = CAST(label AS BIGINT)").count();
    double accuracy = correct / (double) rows;
    out.printf(
        Locale.ROOT,
        "Saved the PipelineModel to %s, loaded it back; its transform of %d test rows adds %s;"
            + " test accuracy %.4f%n",
        uri,
        rows,
        Arrays.toString(
            Arrays.copyOfRange(scored.columns(), test.columns().length, scored.columns().length)),
        accuracy);
    return new Outcome(losses, accuracy, uri);
  }

  /**
   * A cached DataFrame of (pixels: ML dense vector, label: int) in {@code partitions} partitions,
   * from rows {image float[784], label Integer} that the tasks read themselves.
   */
  static Dataset<Row> frame(SparkSession spark, JavaRDD<Object[]> rows, int partitions) {
    StructType schema =
        new StructType()
            .add("pixels", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.IntegerType, false);
    JavaRDD<Row> vectors =
        rows.map(
            r -> {
              float[] image = (float[]) r[0];
              double[] pixels = new double[image.length];
              for (int p = 0; p < image.length; p++) {
                pixels[p] = image[p];
              }
              return RowFactory.create(Vectors.dense(pixels), r[1]);
            });
    Dataset<Row> frame = spark.createDataFrame(vectors, schema);
    if (vectors.getNumPartitions() != partitions) {
      frame = frame.repartition(partitions);
    }
    return frame.cache();
  }
}
