package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.tps.checkpoint.TpsCheckpoint;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fit: repartitioning per epoch, validation on the driver and on the executors, early stopping, the
 * listener and the best epoch's restore.
 */
@Timeout(180)
class FitLoopTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static DistributedSession session(LinearModel model) {
    return DistributedSession.builder(sc, model.graph, model.session)
        .batchSize(20)
        .loss(model.loss)
        .build();
  }

  private static TrainingStep step(LinearModel model) {
    return TrainingStep.builder(model.train).feeds(model.feeds()).params(model.params()).build();
  }

  /** Records every callback as a line. */
  private static final class Recorder implements TrainingListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onEpochStart(int epoch, long expectedSamples) {
      events.add("start " + epoch);
    }

    @Override
    public void onEpochEnd(EpochReport report) {
      events.add("end " + report.epoch() + " " + report.partitions());
    }

    @Override
    public void onValidation(int epoch, String name, double value) {
      events.add("validation " + epoch + " " + name);
    }
  }

  @Test
  void stopsWhenTheValidationStopsImprovingAndCallsTheListenerPerEpoch() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession ds = session(model)) {
      Recorder recorder = new Recorder();
      ds.addListener(recorder);
      // The distance of the driver's merged w from the true weights, rounded so it stalls.
      FitOptions options =
          FitOptions.builder(20)
              .partitions(3)
              .validation(
                  "w error",
                  false,
                  epoch -> {
                    float[] w = ds.driverValues(List.of("w"))[0];
                    double error = 0;
                    for (int i = 0; i < w.length; i++) {
                      error += Math.abs(w[i] - LinearModel.TRUE_W[i]);
                    }
                    return Math.max(0.5, Math.round(error * 10) / 10.0);
                  })
              .earlyStopping(2, 0.0)
              .build();
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(600, 1), 2);
      TrainingStep step = step(model);
      FitResult result = ds.fit(step, rows, options);

      assertTrue(result.stoppedEarly(), "the error floors at 0.5: " + result.monitored());
      int epochs = result.reports().size();
      assertTrue(epochs < 20, result.monitored().toString());
      assertEquals(0.5, result.best(), 0);
      assertEquals(epochs - 2, result.bestEpoch(), "stopped 2 epochs after the best");
      List<String> expected = new ArrayList<>();
      for (int e = 1; e <= epochs; e++) {
        expected.add("start " + e);
        expected.add("end " + e + " 3");
        expected.add("validation " + e + " w error");
      }
      assertEquals(expected, recorder.events, "3 partitions per epoch after repartitioning");
      for (EpochReport report : result.reports()) {
        assertEquals(600, report.samples());
      }
    }
  }

  @Test
  void restoreBestRollsTheTpsTheDriverAndTheCheckpointsBackToTheBestEpoch() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (LinearModel model = new LinearModel(0.05f);
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(20)
                .loss(model.loss)
                .tpsServer(tps -> tps.port(port))
                .build()) {
      // A scripted validation: epoch 2 is the best, 3 and 4 are worse, patience 2 stops at 4.
      double[] script = {3.0, 1.0, 2.0, 2.5, 0.5, 0.5};
      List<float[][]> merged = new ArrayList<>();
      FitOptions options =
          FitOptions.builder(script.length)
              .validation(
                  "scripted loss",
                  false,
                  epoch -> {
                    merged.add(ds.driverValues(List.of("w", "b")));
                    return script[epoch - 1];
                  })
              .earlyStopping(2, 0.0)
              .restoreBest(true)
              .build();
      TrainingStep step = step(model);
      java.nio.file.Path logDir =
          java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "restore-tb");
      ds.logTensorBoard(logDir.toUri().toString());
      FitResult result = ds.fit(step, sc.parallelize(LinearModel.rows(400, 3), 2), options);

      assertTrue(result.stoppedEarly(), result.monitored().toString());
      assertEquals(4, result.reports().size());
      assertEquals(2, result.bestEpoch());
      assertTrue(result.restoredBest());
      assertEquals(port, ds.tpsEndpoint().getPort(), "the restarted TPS binds its configured port");
      float[][] best = merged.get(1);
      assertFalse(Arrays.equals(best[0], merged.get(3)[0]), "epochs 3 and 4 moved w");
      assertArrayEquals(best[0], ds.tpsValues()[0], "the TPS holds epoch 2's w");
      assertArrayEquals(best[1], ds.tpsValues()[1], "the TPS holds epoch 2's b");
      assertArrayEquals(best[0], ds.driverValues(List.of("w"))[0], "so does the driver session");

      Path checkpoints = new Path(ds.modelDir(), SessionConfig.CHECKPOINT_SUBDIR);
      FileSystem fs = checkpoints.getFileSystem(sc.hadoopConfiguration());
      TpsCheckpoint latest = TpsCheckpoint.latest(fs, checkpoints).orElseThrow();
      assertArrayEquals(best[0], latest.snapshot().values(0), "a resume starts from epoch 2 too");

      // the session goes on training from the restored state, on the restarted TPS
      int pushPointsBefore = pushLossPoints(logDir);
      EpochReport next = ds.run(step, sc.parallelize(LinearModel.rows(400, 4), 2));
      assertEquals(400, next.samples());
      assertFalse(Arrays.equals(best[0], ds.tpsValues()[0]), "the next epoch trained");
      assertTrue(
          pushLossPoints(logDir) > pushPointsBefore,
          "TensorBoard follows the restarted TPS's pushes (" + pushPointsBefore + " before)");
    }
  }

  @Test
  void aValidationOnTheExecutorsScoresTheMergedModel() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession ds = session(model)) {
      List<Object[]> held = LinearModel.rows(300, 9);
      JavaRDD<Object[]> validation = sc.parallelize(held, 3);
      ModelSignature metrics =
          ModelSignature.builder()
              .key("evaluate")
              .input("x", "x")
              .input("y", "y")
              .output("loss", model.loss)
              .build();
      List<Double> onTheDriver = new ArrayList<>();
      FitOptions options =
          FitOptions.builder(3)
              .validation(
                  "validation loss",
                  false,
                  epoch -> {
                    float[][] wb = ds.driverValues(List.of("w", "b"));
                    onTheDriver.add(squaredError(held, wb[0], wb[1][0]));
                    Map<String, Double> m = ds.evaluate(validation, metrics);
                    assertEquals(300.0, m.get("rows"));
                    return m.get("loss");
                  })
              .build();
      TrainingStep step = step(model);
      FitResult result = ds.fit(step, sc.parallelize(LinearModel.rows(400, 5), 2), options);
      for (int e = 0; e < 3; e++) {
        assertEquals(onTheDriver.get(e), result.monitored().get(e), 1e-5 * onTheDriver.get(e));
      }
      assertTrue(
          result.monitored().get(2) < result.monitored().get(0), result.monitored().toString());
    }
  }

  /** The push/loss points in the one event file under {@code dir}. */
  private static int pushLossPoints(java.nio.file.Path dir) throws Exception {
    int points = 0;
    for (var event : TfRecordEvents.read(TensorBoardLogTest.onlyEventFile(dir))) {
      for (var value : event.getSummary().getValueList()) {
        points += value.getTag().equals("push/loss") ? 1 : 0;
      }
    }
    return points;
  }

  private static double squaredError(List<Object[]> rows, float[] w, float b) {
    double sum = 0;
    for (Object[] row : rows) {
      float[] x = (float[]) row[0];
      double prediction = b;
      for (int j = 0; j < x.length; j++) {
        prediction += x[j] * w[j];
      }
      double error = prediction - (Float) row[1];
      sum += error * error;
    }
    return sum / rows.size();
  }

  @Test
  void withoutRestoreBestTheLastEpochsParametersStay() {
    try (LinearModel model = new LinearModel(0.05f);
        DistributedSession ds = session(model)) {
      double[] script = {1.0, 2.0, 3.0};
      FitOptions options =
          FitOptions.builder(3).validation("scripted loss", false, e -> script[e - 1]).build();
      TrainingStep step = step(model);
      FitResult result = ds.fit(step, sc.parallelize(LinearModel.rows(400, 3), 2), options);
      assertEquals(1, result.bestEpoch());
      assertFalse(result.restoredBest());
      assertArrayEquals(ds.tpsValues()[0], ds.driverValues(List.of("w"))[0]);
    }
  }

  @Test
  void withoutValidationTheLossIsMonitoredAndAllEpochsRun() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession ds = session(model)) {
      TrainingStep step = step(model);
      FitResult result =
          ds.fit(step, sc.parallelize(LinearModel.rows(400, 2), 2), FitOptions.builder(3).build());
      assertFalse(result.stoppedEarly());
      assertEquals(3, result.reports().size());
      assertEquals(result.reports().get(2).meanLoss(), result.monitored().get(2), 0);
      assertTrue(
          result.monitored().get(2) < result.monitored().get(0), result.monitored().toString());
    }
  }
}
