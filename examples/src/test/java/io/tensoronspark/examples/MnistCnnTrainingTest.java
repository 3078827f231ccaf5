package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.EpochReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;

/**
 * {@code mnist-cnn} as the CLI runs it, on a slice of the bundled MNIST written as TFRecord files
 * by {@code mnist-data-setup}: over Spark local[2] (real TF, TPS and files) Adam trains the CNN,
 * the tasks read their own files, the trained weights come back to the driver and Adam's moments
 * and beta powers never do (they are the executors' local optimizer state).
 */
@Timeout(300)
@ExtendWith(NoLargeTasks.class)
class MnistCnnTrainingTest {

  private static final int TRAIN_ROWS = 1280;
  private static final int TEST_ROWS = 400;

  @TempDir Path dir;

  @Test
  void adamTrainsTheCnnFromTFRecordFilesAndKeepsItsMomentsOnTheExecutors() throws Exception {
    Path idx = Files.createDirectory(dir.resolve("idx"));
    MnistSlice.write(idx, TRAIN_ROWS, TEST_ROWS);
    String data = dir.resolve("files").toUri().toString();
    MnistCnn command = new MnistCnn();
    new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            "--epochs=2", "--partitions=2", "--format=tfrecord", "--data=" + data + "/tfrecord");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (JavaSparkContext sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
        MnistModel model = command.build();
        MnistModel untrained = command.build();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      MnistDataSetup.write(sc, data, idx.toString(), 2);
      MnistTraining.Outcome outcome = MnistTraining.run(sc, model, command.options, out);
      String text = console.toString(StandardCharsets.UTF_8);
      for (EpochReport report : outcome.reports()) {
        assertEquals(TRAIN_ROWS, report.samples(), report.summary());
        assertEquals(TRAIN_ROWS / MnistCnn.DEFAULT_BATCH_SIZE, report.steps(), report.summary());
        assertEquals(2, report.partitionsPushed(), report.summary());
      }
      // Ten classes: chance is 0.1; 40 Adam steps over 1,280 images get well above it.
      assertTrue(outcome.finalAccuracy() > 0.5f, text);
      System.out.printf("MnistCnnTrainingTest: accuracy %.4f%n", outcome.finalAccuracy());

      List<String> state = optimizerState(model);
      assertTrue(state.size() >= 2 * model.parameterNames().size(), "Adam's slots: " + state);
      for (String name : state) {
        assertArrayEquals(
            values(untrained.session(), name),
            values(model.session(), name),
            name + " is executor state and never reaches the driver");
      }
      for (String name : model.parameterNames()) {
        assertFalse(
            Arrays.equals(values(untrained.session(), name), values(model.session(), name)),
            name + " was trained and synced back to the driver");
      }
    }
  }

  /** The graph's variables that are not the model's parameters. */
  private static List<String> optimizerState(MnistModel model) {
    Set<String> params = new HashSet<>(model.parameterNames());
    List<String> state = new ArrayList<>();
    model
        .graph()
        .operations()
        .forEachRemaining(
            op -> {
              GraphOperation g = (GraphOperation) op;
              if (g.type().equals("VariableV2") && !params.contains(g.name())) {
                state.add(g.name());
              }
            });
    return state;
  }

  private static float[] values(Session session, String variable) {
    try (Result r = session.runner().fetch(variable).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[Math.toIntExact(t.size())];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
