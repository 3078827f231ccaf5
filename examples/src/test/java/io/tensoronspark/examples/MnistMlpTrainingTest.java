package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.EpochReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;

/**
 * {@code mnist-mlp --lr-half-life} end to end on a slice of the bundled MNIST: over Spark local[2]
 * (real TF and TPS) the session accepts the step counter as optimizer state, trains, and never
 * brings the executors' counters to the driver; in the plain loop the driver's own session counts
 * every step and halves the rate.
 */
@Timeout(300)
@ExtendWith(NoLargeTasks.class)
class MnistMlpTrainingTest {

  private static final int TRAIN_ROWS = 640;
  private static final int TEST_ROWS = 200;

  @TempDir Path dir;

  @Test
  void overSparkTheCounterStaysExecutorStateAndTheModelTrains() throws Exception {
    MnistSlice.write(dir, TRAIN_ROWS, TEST_ROWS);
    MnistMlp command =
        parse(
            "--partitions=2",
            "--epochs=2",
            "--hidden=32",
            "--optimizer=adam",
            "--learning-rate=0.005",
            "--lr-half-life=20",
            "--batch-size=32",
            "--data=" + dir);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MnistModel model = command.build();
        JavaSparkContext sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      MnistTraining.Outcome outcome = MnistTraining.run(sc, model, command.options, out);
      // Ten classes: chance is 0.1; two epochs over 640 rows get well above it.
      assertTrue(outcome.finalAccuracy() > 0.5f, console.toString(StandardCharsets.UTF_8));
      for (EpochReport report : outcome.reports()) {
        assertEquals(TRAIN_ROWS / 32, report.steps(), report.summary());
        assertEquals(2, report.partitionsPushed(), report.summary());
      }
      // The executors counted 40 steps; the driver only received the params.
      assertEquals(0f, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(0.005f, scalar(model, HalfLifeOptimizer.RATE), 1e-10f);
    }
  }

  @Test
  void thePlainLoopHalvesTheRateOverItsOwnSteps() throws Exception {
    MnistSlice.write(dir, TRAIN_ROWS, TEST_ROWS);
    MnistMlp command =
        parse(
            "--plain-loop",
            "--epochs=2",
            "--optimizer=sgd",
            "--learning-rate=0.2",
            "--hidden=32",
            "--lr-half-life=10",
            "--batch-size=64",
            "--data=" + dir);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MnistModel model = command.build();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      MnistTraining.Outcome outcome =
          MnistTraining.run("half-life test", model, command.options, out);
      assertTrue(outcome.finalAccuracy() > 0.5f, console.toString(StandardCharsets.UTF_8));
      int steps = 2 * TRAIN_ROWS / 64;
      assertEquals(steps, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(0.05f, scalar(model, HalfLifeOptimizer.RATE), 1e-9f);
    }
  }

  private static MnistMlp parse(String... args) {
    MnistMlp command = new MnistMlp();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command;
  }

  private static float scalar(MnistModel model, String name) {
    try (Result r = model.session().runner().fetch(name).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
