package io.tensoronspark.examples;

import io.tensoronspark.session.inference.DistributedPredictor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The seed's inference mode: predicts the MNIST test set on the executors with a SavedModel (as
 * exported by {@code mnist-softmax --mode train --model <uri>}), writes one line or Parquet row per
 * image (index, label, predicted class) to the output directory, reads them back and reports the
 * accuracy computed from what was written. Used by one thread.
 */
public final class MnistInference {

  /** Rows per TF session run by default. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /** How predictions are written. */
  public enum Format {
    TEXT,
    PARQUET
  }

  /** The outcome: rows written, accuracy read back, executor-side predict rows per second. */
  public record Outcome(
      long rows, double accuracy, double rowsPerSecond, Map<String, Double> evaluation) {}

  private MnistInference() {}

  /**
   * Predicts with the SavedModel at {@code modelUri} and writes to {@code outputUri}.
   *
   * @param labelled the test rows {image float[784], label Integer, index Integer}, best read by
   *     the tasks themselves ({@link MnistSource#indexedTestRows}) so no task carries the images
   */
  public static Outcome run(
      JavaSparkContext sc,
      String modelUri,
      String outputUri,
      Format format,
      int batchSize,
      JavaRDD<Object[]> labelled,
      PrintStream out)
      throws IOException {
    JavaRDD<Object[]> rows = labelled.cache();
    rows.count();
    JavaRDD<Object[]> images = rows.map(r -> new Object[] {r[0]});
    DistributedPredictor predictor =
        DistributedPredictor.builder(sc, modelUri).outputs("classes").batchSize(batchSize).build();
    long start = System.nanoTime();
    long predicted = predictor.predict(images).count(); // loads the model on the executors too
    double seconds = (System.nanoTime() - start) / 1e9;
    // predict keeps each partition's rows in order, so the two RDDs zip row by row
    JavaPairRDD<Object[], Object[]> pairs = rows.zip(predictor.predict(images));
    write(sc, pairs, outputUri, format);
    double accuracy = readAccuracy(sc, outputUri, format, predicted);
    Map<String, Double> eval =
        DistributedPredictor.builder(sc, modelUri)
            .signature("evaluate")
            .inputs(MnistModel.X, MnistModel.Y)
            .batchSize(batchSize)
            .build()
            .evaluate(rows.map(r -> new Object[] {r[0], r[1]}));
    rows.unpersist(false);
    Outcome outcome = new Outcome(predicted, accuracy, predicted / seconds, eval);
    out.printf(
        Locale.ROOT,
        "Predicted %d test images on %s with %s (batch %d): %.0f rows/s including the model load%n",
        predicted,
        sc.master(),
        modelUri,
        batchSize,
        outcome.rowsPerSecond());
    out.printf(
        Locale.ROOT,
        "Wrote %s predictions to %s; accuracy from the written predictions: %.4f"
            + " (evaluate signature: accuracy %.4f, loss %.4f over %.0f rows)%n",
        format.name().toLowerCase(Locale.ROOT),
        outputUri,
        accuracy,
        eval.get("accuracy"),
        eval.get("loss"),
        eval.get("rows"));
    return outcome;
  }

  private static void write(
      JavaSparkContext sc, JavaPairRDD<Object[], Object[]> pairs, String uri, Format format) {
    if (format == Format.TEXT) {
      pairs.map(p -> p._1()[2] + "," + p._1()[1] + "," + p._2()[0]).saveAsTextFile(uri);
      return;
    }
    StructType schema =
        new StructType()
            .add("index", DataTypes.IntegerType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("prediction", DataTypes.LongType, false);
    JavaRDD<Row> out = pairs.map(p -> RowFactory.create(p._1()[2], p._1()[1], p._2()[0]));
    spark(sc).createDataFrame(out, schema).write().parquet(uri);
  }

  /** The share of written rows whose prediction equals the label, checking every row came back. */
  static double readAccuracy(JavaSparkContext sc, String uri, Format format, long expectedRows) {
    long rows;
    long correct;
    if (format == Format.TEXT) {
      JavaRDD<String[]> lines = sc.textFile(uri).map(l -> l.split(","));
      rows = lines.count();
      correct = lines.filter(f -> Long.parseLong(f[1]) == Long.parseLong(f[2])).count();
    } else {
      Dataset<Row> df = spark(sc).read().parquet(uri);
      rows = df.count();
      correct = df.filter("CAST(label AS BIGINT) = prediction").count();
    }
    if (rows != expectedRows) {
      throw new IllegalStateException(
          "expected " + expectedRows + " predictions in " + uri + ", read " + rows);
    }
    return correct / (double) rows;
  }

  private static SparkSession spark(JavaSparkContext sc) {
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }
}
