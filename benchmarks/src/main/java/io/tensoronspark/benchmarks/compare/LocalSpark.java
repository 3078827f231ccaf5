package io.tensoronspark.benchmarks.compare;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the Spark context of one configuration run: {@code local[cores]}, no UI, loopback driver,
 * warnings only. Each run gets its own context (a JVM holds one at a time) and stops it after.
 */
final class LocalSpark {

  private LocalSpark() {}

  /** A Spark session on {@code local[cores]}; the caller stops it. */
  static SparkSession start(int cores) {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[" + cores + "]")
            .setAppName("TensorOnSpark comparison, local[" + cores + "]")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.sql.shuffle.partitions", Integer.toString(cores));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
