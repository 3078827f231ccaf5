package io.tensoronspark.session.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.TpsException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registrar feeds the TPS every attempt Spark launches for the training job group, in Spark
 * local[2]: each task pulls as its own attempt and partition and is admitted; an attempt id Spark
 * never launched is refused.
 */
@Timeout(120)
class LaunchedAttemptRegistrarTest {

  private static final List<ParameterSpec> SPECS = List.of(new ParameterSpec("w", new long[] {4}));

  /** Pulls as the running task's attempt of its partition; returns the version. */
  static final class PullAsTask implements FlatMapFunction<Iterator<Integer>, Long> {
    private static final long serialVersionUID = 1L;
    private final TpsClientConfig config;

    PullAsTask(TpsClientConfig config) {
      this.config = config;
    }

    @Override
    public Iterator<Long> call(Iterator<Integer> rows) {
      TaskContext task = TaskContext.get();
      try (TpsClient client = new TpsClient(config, SPECS)) {
        return List.of(
                client.pull(task.partitionId(), task.taskAttemptId(), new float[][] {new float[4]}))
            .iterator();
      }
    }
  }

  @Test
  void everyLaunchedAttemptIsAdmittedAndAForgedOneIsNot() {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("registrar-test")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf);
        TpsServer server =
            TpsServer.start(
                TpsServerConfig.builder()
                    .requireLaunchedAttempts(true)
                    .launchRegistrationWaitMillis(2_000)
                    .build(),
                SPECS,
                List.of(new float[4]))) {
      LaunchedAttemptRegistrar registrar = new LaunchedAttemptRegistrar(server, "training");
      sc.sc().addSparkListener(registrar);
      sc.setJobGroup("training", "test", false);
      List<Long> versions =
          sc.parallelize(Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8), 4)
              .mapPartitions(new PullAsTask(server.clientConfig().build()))
              .collect();
      assertEquals(List.of(0L, 0L, 0L, 0L), versions, "all four attempts admitted");
      sc.sc().removeSparkListener(registrar);
      try (TpsClient forger = new TpsClient(server.clientConfig().build(), SPECS)) {
        TpsException e =
            assertThrows(
                TpsException.class,
                () -> forger.pull(0, Long.MAX_VALUE, new float[][] {new float[4]}));
        assertEquals(409, e.statusCode());
        assertTrue(e.getMessage().contains("was not launched for partition 0"), e.getMessage());
      }
    }
  }
}
