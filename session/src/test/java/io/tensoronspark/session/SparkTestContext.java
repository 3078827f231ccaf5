package io.tensoronspark.session;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts for tests: loopback only, no UI. */
final class SparkTestContext {

  private SparkTestContext() {}

  static JavaSparkContext local(String master) {
    return new JavaSparkContext(conf(master));
  }

  /** The configuration of {@link #local}, to add settings to. */
  static SparkConf conf(String master) {
    return new SparkConf()
        .setMaster(master)
        .setAppName("tensoronspark-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
  }
}
