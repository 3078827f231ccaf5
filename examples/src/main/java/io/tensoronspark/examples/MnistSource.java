package io.tensoronspark.examples;

import io.tensoronspark.session.data.ExampleFeature;
import io.tensoronspark.session.data.ParquetRows;
import io.tensoronspark.session.data.TFRecordRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Where the MNIST examples read their data: the IDX files (bundled or a local directory), or the
 * TFRecord / Parquet files {@code mnist-data-setup} wrote to a Hadoop FileSystem ({@code
 * <uri>/train}, {@code <uri>/test}). Training rows are read by the tasks themselves, so no task
 * carries the data set; the test split is collected to the driver for evaluation. Stateless.
 */
public final class MnistSource {

  /** The Example features and Parquet columns of a row: image float[784], label. */
  public static final List<ExampleFeature> FEATURES =
      List.of(ExampleFeature.floats("image"), ExampleFeature.intScalar("label"));

  public static final List<String> COLUMNS = List.of("image", "label");

  /** The supported data formats. */
  public enum Format {
    idx,
    tfrecord,
    parquet
  }

  private MnistSource() {}

  /** The training rows {image float[784], label Integer} in {@code partitions} partitions. */
  public static JavaRDD<Object[]> trainRows(
      JavaSparkContext sc, String data, Format format, int partitions) {
    return switch (format) {
      case idx -> idxRows(sc, data, partitions, true);
      case tfrecord -> TFRecordRows.read(sc, data + "/train", FEATURES);
      case parquet -> ParquetRows.read(spark(sc), data + "/train", COLUMNS);
    };
  }

  /**
   * The test rows {image float[784], label Integer, index Integer}, read by the tasks themselves;
   * index is the row's position in the test split (the IDX file's order, or the files' read order
   * for tfrecord and parquet). For idx they are in {@code partitions} partitions, for the files one
   * per file (tfrecord) or split (parquet).
   */
  public static JavaRDD<Object[]> indexedTestRows(
      JavaSparkContext sc, String data, Format format, int partitions) {
    if (format == Format.idx) {
      return idxRows(sc, data, partitions, false, true);
    }
    return testRows(sc, data, format, partitions)
        .zipWithIndex()
        .map(r -> new Object[] {r._1()[0], r._1()[1], Math.toIntExact(r._2())});
  }

  /** The test split, in the driver's memory. */
  public static MnistData testSet(JavaSparkContext sc, String data, Format format)
      throws IOException {
    if (format == Format.idx) {
      return MnistData.test(localDir(data));
    }
    return MnistData.fromRows(testRows(sc, data, format, 1).collect());
  }

  /**
   * The test rows {image float[784], label Integer}, read by the tasks themselves (for idx in
   * {@code partitions} partitions).
   */
  public static JavaRDD<Object[]> testRows(
      JavaSparkContext sc, String data, Format format, int partitions) {
    return switch (format) {
      case idx -> idxRows(sc, data, partitions, false);
      case tfrecord -> TFRecordRows.read(sc, data + "/test", FEATURES);
      case parquet -> ParquetRows.read(spark(sc), data + "/test", COLUMNS);
    };
  }

  /**
   * IDX rows {image, label} read inside the tasks: partition {@code p} of {@code n} loads the split
   * and keeps rows p, p + n, p + 2n, ...; only the partition index travels.
   */
  static JavaRDD<Object[]> idxRows(
      JavaSparkContext sc, String data, int partitions, boolean train) {
    return idxRows(sc, data, partitions, train, false);
  }

  /** {@link #idxRows(JavaSparkContext, String, int, boolean)}, each row with its index if asked. */
  private static JavaRDD<Object[]> idxRows(
      JavaSparkContext sc, String data, int partitions, boolean train, boolean indexed) {
    List<Integer> indices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      indices.add(p);
    }
    return sc.parallelize(indices, partitions)
        .mapPartitions(
            it -> {
              List<Object[]> rows = new ArrayList<>();
              while (it.hasNext()) {
                int p = it.next();
                MnistData split =
                    train ? MnistData.train(localDir(data)) : MnistData.test(localDir(data));
                List<Object[]> all = split.rows();
                for (int i = p; i < all.size(); i += partitions) {
                  Object[] row = all.get(i);
                  rows.add(indexed ? new Object[] {row[0], row[1], i} : row);
                }
              }
              return rows.iterator();
            });
  }

  static Path localDir(String data) {
    if (data == null) {
      return null;
    }
    return data.startsWith("file:") ? Path.of(java.net.URI.create(data)) : Path.of(data);
  }

  static SparkSession spark(JavaSparkContext sc) {
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }
}
