package io.tensoronspark.session;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts for tests: loopback only, no UI. */
final class SparkTestContext {

  private SparkTestContext() {}

  static JavaSparkContext local(String master) {
    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("tensoronspark-test")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    return new JavaSparkContext(conf);
  }
}
