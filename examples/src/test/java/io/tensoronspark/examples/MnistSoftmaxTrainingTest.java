package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.EpochReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's program end to end on Spark local[2]: real TF, real Undertow TPS, the bundled
 * MNIST-10k.
 */
@Timeout(600)
@ExtendWith(NoLargeTasks.class)
class MnistSoftmaxTrainingTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(testConf("local[2]"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  static SparkConf testConf(String master) {
    return new SparkConf()
        .setMaster(master)
        .setAppName("tensoronspark-examples-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
  }

  @Test
  void softmaxReachesTheSeedsAccuracyAndEveryPartitionPushes() throws Exception {
    TrainingOptions options = new TrainingOptions();
    options.applyDefaults(5, MnistSoftmax.DEFAULT_BATCH_SIZE, MnistSoftmax.DEFAULT_COMBINER);
    options.partitions = 2;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      MnistTraining.Outcome outcome = MnistTraining.run(sc, model, options, out);
      assertTrue(outcome.finalAccuracy() >= 0.88f, "test accuracy " + outcome.finalAccuracy());
      for (EpochReport report : outcome.reports()) {
        assertEquals(8000, report.samples());
        assertEquals(2, report.partitionsPushed(), "every partition pushed: " + report);
        assertEquals(report.pushes(), report.pushesApplied());
        assertTrue(report.meanLoss() > 0 && report.meanLoss() < 2.5, report.summary());
      }
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("epoch 5:"), printed);
    assertTrue(
        printed.contains("Final test accuracy: 0.9")
            || printed.contains("Final test accuracy: 0.8"),
        printed);
  }

  @Test
  void restoreBestEndsWithTheBestEpochsModel() throws Exception {
    TrainingOptions options = new TrainingOptions();
    new picocli.CommandLine(options).parseArgs("--patience=2", "--restore-best");
    options.applyDefaults(8, MnistSoftmax.DEFAULT_BATCH_SIZE, MnistSoftmax.DEFAULT_COMBINER);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      MnistTraining.Outcome outcome = MnistTraining.run(sc, model, options, out);
      String printed = console.toString(StandardCharsets.UTF_8);
      System.out.print(printed);
      float best = Collections.max(outcome.testAccuracies());
      // the driver's model, evaluated again after the fit, is the best epoch's
      assertEquals(best, outcome.finalAccuracy(), printed);
      assertEquals(best, model.accuracy(MnistData.test(null)), printed);
      int bestEpoch = outcome.testAccuracies().indexOf(best) + 1;
      if (bestEpoch < outcome.testAccuracies().size()) {
        assertTrue(printed.contains("Restored epoch " + bestEpoch + "'s parameters"), printed);
      }
    }
  }
}
