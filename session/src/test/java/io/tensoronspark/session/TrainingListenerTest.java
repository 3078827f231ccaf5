package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class TrainingListenerTest {

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
        .syncIntervalSteps(5)
        .loss(model.loss)
        .build();
  }

  @Test
  void epochCallbacksSeeEveryEpochInOrderWithThePreviousSampleCount() {
    List<String> calls = new ArrayList<>();
    List<EpochReport> ended = new ArrayList<>();
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session = session(model)) {
      session.addListener(
          new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, long expectedSamples) {
              calls.add("start " + epoch + " " + expectedSamples);
            }

            @Override
            public void onEpochEnd(EpochReport report) {
              calls.add("end " + report.epoch());
              ended.add(report);
            }
          });
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(400, 1), 2);
      EpochReport first = session.run(model.train, rows, model.feeds(), model.params(), true);
      EpochReport second = session.run(model.train, rows, model.feeds(), model.params(), true);
      assertEquals(List.of("start 1 -1", "end 1", "start 2 400", "end 2"), calls);
      assertSame(first, ended.get(0));
      assertSame(second, ended.get(1));
    }
  }

  @Test
  void aThrowingListenerFailsTheRunAndCanBeRemoved() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session = session(model)) {
      TrainingListener failing =
          new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report) {
              throw new IllegalStateException("listener refused epoch " + report.epoch());
            }
          };
      session.addListener(failing);
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(200, 1), 2);
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> session.run(model.train, rows, model.feeds(), model.params(), true));
      assertEquals("listener refused epoch 1", e.getMessage());
      assertTrue(session.removeListener(failing));
      assertEquals(
          200, session.run(model.train, rows, model.feeds(), model.params(), true).samples());
    }
  }
}
