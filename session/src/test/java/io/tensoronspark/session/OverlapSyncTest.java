package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class OverlapSyncTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /**
   * With one worker and delta sum the TPS's value after each merge is the worker's own, so folding
   * a reply in (merged + progress since the send) must leave exactly the trajectory of the blocking
   * exchange: a fold that dropped or double-counted the steps made meanwhile would not.
   */
  @Test
  void oneWorkerFollowsTheBlockingTrajectoryAndEveryPushIsMerged() {
    float[][] blocking = train(false, 1, 3);
    float[][] overlapped = train(true, 1, 3);
    for (int i = 0; i < blocking.length; i++) {
      assertArrayEquals(blocking[i], overlapped[i], 1e-4f, "parameter " + i);
    }
  }

  @Test
  void twoWorkersConvergeToTheTrueModel() {
    float[][] values = train(true, 2, 4);
    for (int j = 0; j < LinearModel.TRUE_W.length; j++) {
      assertEquals(LinearModel.TRUE_W[j], values[0][j], 0.05, "w" + j);
    }
    assertEquals(LinearModel.TRUE_B, values[1][0], 0.05, "b");
  }

  @Test
  void combinersWithTheirOwnWorkerHalfAreRefused() {
    try (LinearModel model = new LinearModel(0.1f)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  DistributedSession.builder(sc, model.graph, model.session)
                      .combiner(Combiners.byName("moving-mean"))
                      .overlapSync(true)
                      .build());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "overlapSync needs a combiner that sends W - B and keeps the merged value"),
          e.getMessage());
      assertTrue(e.getMessage().contains("moving-mean has its own worker half"), e.getMessage());
    }
  }

  /**
   * Bound 0 under REJECT with two workers pushing every step: pushes are refused as stale while
   * others are in flight. Each refusal is folded in like a reply (a fresh pull plus the steps made
   * since the send), so every epoch completes, the refusals are counted, and the model still
   * converges: a fold that lost the local progress or the pulled values would not.
   */
  @Test
  void stalePushesRejectedUnderTheBoundAreRepulledAndTrainingCarriesOn() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(1)
                .loss(model.loss)
                .overlapSync(true)
                .tpsServer(s -> s.maxStaleness(0).stalenessPolicy(StalenessPolicy.REJECT))
                .build()) {
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(600, 3), 2);
      long rejected = 0;
      EpochReport first = null;
      EpochReport last = null;
      for (int epoch = 1; epoch <= 4; epoch++) {
        last = session.run(model.train, rows, model.feeds(), model.params(), false);
        first = first == null ? last : first;
        assertEquals(600, last.samples(), last.summary());
        assertEquals(last.pushes(), last.pushesApplied(), "rejected pushes are not merged");
        assertTrue(last.pushes() > 0, last.summary());
        rejected += last.pushesStaleRejected();
      }
      assertTrue(rejected > 0, "two workers, bound 0: " + last.summary());
      assertTrue(last.meanLoss() < first.meanLoss() / 4, first.summary() + " / " + last.summary());
      float[][] values = session.driverValues(List.of("w", "b"));
      for (int j = 0; j < LinearModel.TRUE_W.length; j++) {
        assertEquals(LinearModel.TRUE_W[j], values[0][j], 0.1, "w" + j);
      }
      assertEquals(LinearModel.TRUE_B, values[1][0], 0.1, "b");
    }
  }

  private static float[][] train(boolean overlap, int partitions, int epochs) {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(4)
                .loss(model.loss)
                .overlapSync(overlap)
                .build()) {
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(600, 3), partitions);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        EpochReport report = session.run(model.train, rows, model.feeds(), model.params(), false);
        assertTrue(report.pushes() > 10, report.summary());
        assertEquals(report.pushes(), report.pushesApplied(), "every push merged once");
        assertEquals(600, report.samples());
      }
      return session.driverValues(List.of("w", "b"));
    }
  }
}
