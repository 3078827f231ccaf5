package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The driver dies: a separate driver JVM (the mnist-softmax CLI, 4 epochs) is killed with SIGKILL
 * right after it reports epoch 2; a new session resumes from the last TPS checkpoint in the model
 * directory and trains the remaining 2 epochs, ending within one accuracy point of a 4-epoch run
 * without the kill.
 */
@Timeout(600)
class DriverRestartTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void aNewDriverResumesFromTheLastCheckpoint() throws Exception {
    Path dir = Files.createTempDirectory("driver-restart");
    String modelDir = dir.toUri().toString();
    List<String> printed = killDriverAfterEpoch2(modelDir);
    assertTrue(
        printed.stream().anyMatch(l -> l.startsWith("epoch 2:")), String.join("\n", printed));
    try (var files = Files.list(dir.resolve("tps-checkpoints"))) {
      assertTrue(files.findAny().isPresent(), "the killed driver left TPS checkpoints");
    }

    TrainingOptions resume = options(2, modelDir);
    resume.resume = true;
    float resumed = train(resume).finalAccuracy();
    float uninterrupted = train(options(4, null)).finalAccuracy();
    System.out.printf(
        "DriverRestartTest: accuracy resumed %.4f, uninterrupted %.4f%n", resumed, uninterrupted);
    assertTrue(
        Math.abs(resumed - uninterrupted) <= 0.01f,
        "resumed " + resumed + " vs uninterrupted " + uninterrupted);
  }

  private static MnistTraining.Outcome train(TrainingOptions options) throws Exception {
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        PrintStream out =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      return MnistTraining.run(sc, model, options, out);
    }
  }

  private static TrainingOptions options(int epochs, String modelDir) {
    TrainingOptions options = new TrainingOptions();
    options.applyDefaults(epochs, MnistSoftmax.DEFAULT_BATCH_SIZE, MnistSoftmax.DEFAULT_COMBINER);
    options.modelDir = modelDir;
    return options;
  }

  /** Runs the CLI in its own JVM and kills it (SIGKILL) as soon as it prints epoch 2's report. */
  private static List<String> killDriverAfterEpoch2(String modelDir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognized")
          || arg.startsWith("-D")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Examples.class.getName(),
            "mnist-softmax",
            "--epochs",
            "4",
            "--master",
            "local[2]",
            "--model-dir",
            modelDir,
            "--keep-model-dir"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process driver = builder.start();
    List<String> printed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        printed.add(line);
        if (line.startsWith("epoch 2:")) {
          driver.destroyForcibly();
          break;
        }
      }
    } finally {
      driver.destroyForcibly();
      assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the killed driver exited");
    }
    assertEquals(false, driver.isAlive());
    return printed;
  }
}
