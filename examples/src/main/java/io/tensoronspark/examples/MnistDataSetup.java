package io.tensoronspark.examples;

import io.tensoronspark.session.data.TFRecordRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed's {@code mnist_data_setup.py} in Java: writes the MNIST splits to a Hadoop FileSystem as
 * TFRecord files of {@code tf.train.Example} (features {@code image}: float_list of 784, {@code
 * label}: int64_list of 1) and as Parquet (columns {@code image array<float>}, {@code label int}),
 * under {@code <output>/tfrecord/{train,test}} and {@code <output>/parquet/{train,test}}. The
 * training examples then read them with {@code --data <output>/tfrecord --format tfrecord}.
 */
@Command(
    name = "mnist-data-setup",
    mixinStandardHelpOptions = true,
    description = "Write MNIST to a Hadoop FileSystem as TFRecord (tf.train.Example) and Parquet.")
public final class MnistDataSetup implements Callable<Integer> {

  /** Training files per format by default. */
  public static final int DEFAULT_FILES = 4;

  @Option(
      names = "--output",
      required = true,
      description = "Output URI on any Hadoop FileSystem, e.g. hdfs://namenode:8020/data/mnist.")
  String output;

  @Option(
      names = "--data",
      description = "Directory with the four MNIST IDX files (default: the bundled MNIST-10k).")
  String data;

  @Option(names = "--files", description = "Files per training split (default: ${DEFAULT-VALUE}).")
  int files = DEFAULT_FILES;

  @Option(names = "--master", description = "Spark master (default: local[2]).")
  String master;

  @Option(names = QuietConsole.VERBOSE_OPTION, description = QuietConsole.VERBOSE_DESCRIPTION)
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    SparkConf conf = new SparkConf().setAppName("TensorOnSpark MNIST data setup");
    conf.setMaster(
        master != null ? master : conf.get("spark.master", MnistTraining.DEFAULT_MASTER));
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      write(sc, output, data, files);
    }
    return 0;
  }

  /** Writes both formats of both splits under {@code output}. */
  public static void write(JavaSparkContext sc, String output, String data, int files)
      throws java.io.IOException {
    Configuration hadoop = sc.hadoopConfiguration();
    for (boolean train : new boolean[] {true, false}) {
      String split = train ? "train" : "test";
      MnistData set =
          train
              ? MnistData.train(MnistSource.localDir(data))
              : MnistData.test(MnistSource.localDir(data));
      int n = train ? files : 1;
      List<Object[]> rows = set.rows();
      for (int f = 0; f < n; f++) {
        List<Object[]> part = new ArrayList<>();
        for (int i = f; i < rows.size(); i += n) {
          part.add(rows.get(i));
        }
        String path =
            String.format(Locale.ROOT, "%s/tfrecord/%s/part-%05d.tfrecord", output, split, f);
        TFRecordRows.write(part.iterator(), path, MnistSource.FEATURES, hadoop);
      }
      writeParquet(sc, output + "/parquet/" + split, data, n, train);
      System.out.printf(
          Locale.ROOT,
          "%s: %d images as %d TFRecord and %d Parquet files%n",
          split,
          rows.size(),
          n,
          n);
    }
    System.out.println("Wrote " + output + "/tfrecord and " + output + "/parquet");
    System.out.println(
        "Train from them with --data " + output + "/tfrecord --format tfrecord (or parquet)");
  }

  /** Parquet through Spark: each task loads its share from the IDX files itself. */
  private static void writeParquet(
      JavaSparkContext sc, String path, String data, int partitions, boolean train) {
    StructType schema =
        new StructType()
            .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);
    JavaRDD<Row> rows =
        MnistSource.idxRows(sc, data, partitions, train).map(r -> RowFactory.create(r[0], r[1]));
    Dataset<Row> frame = MnistSource.spark(sc).createDataFrame(rows, schema);
    frame.write().mode(SaveMode.Overwrite).parquet(path);
  }
}
