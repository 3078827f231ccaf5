package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fit: repartitioning per epoch, validation on the driver, early stopping and the listener. */
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
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(20)
                .loss(model.loss)
                .build()) {
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
      TrainingStep step =
          TrainingStep.builder(model.train).feeds(model.feeds()).params(model.params()).build();
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
  void withoutValidationTheLossIsMonitoredAndAllEpochsRun() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(20)
                .loss(model.loss)
                .build()) {
      TrainingStep step =
          TrainingStep.builder(model.train).feeds(model.feeds()).params(model.params()).build();
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
