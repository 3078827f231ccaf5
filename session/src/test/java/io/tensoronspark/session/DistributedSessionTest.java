package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.executor.ExecutorModelCache;
import io.tensoronspark.session.executor.GpuPlacement;
import io.tensoronspark.session.executor.TaskOutcome;
import io.tensoronspark.session.spec.NanPolicy;
import io.tensoronspark.tps.ClientFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class DistributedSessionTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /** One epoch of {@code model} over {@code rows} split into {@code partitions}. */
  private static EpochReport epoch(
      DistributedSession session,
      LinearModel model,
      List<Object[]> rows,
      int partitions,
      boolean shuffle) {
    return session.run(
        model.train, sc.parallelize(rows, partitions), model.feeds(), model.params(), shuffle);
  }

  /** {@code rows} with row {@code index} replaced by one whose features hold a NaN. */
  private static List<Object[]> withNanRow(List<Object[]> rows, int index) {
    rows.set(index, new Object[] {new float[] {Float.NaN, 0, 0}, 1f});
    return rows;
  }

  @Test
  void trainsALinearModelAndLeavesTheMergedValuesInTheDriverSession() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(20)
                .syncIntervalSteps(5)
                .loss(model.loss)
                .build()) {
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(2000, 1), 4);
      int loadsBefore = ExecutorModelCache.get().loadCount();
      List<EpochReport> reports = new ArrayList<>();
      for (int epoch = 0; epoch < 4; epoch++) {
        reports.add(session.run(model.train, rows, model.feeds(), model.params(), true));
        assertEquals(4, session.lastTaskOutcomes().size());
        for (TaskOutcome task : session.lastTaskOutcomes()) {
          assertEquals(
              1, task.modelLoadsInJvm() - loadsBefore, "one model version, loaded once: " + task);
          assertTrue(
              task.sessionsInJvm() >= 1 && task.sessionsInJvm() <= 2,
              "one TF session per running task");
          assertEquals(GpuPlacement.CPU, task.gpu(), "local mode assigns no GPU: CPU as before");
        }
      }
      EpochReport first = reports.get(0);
      EpochReport last = reports.get(3);
      assertEquals(2000, last.samples());
      assertEquals(4, last.partitions());
      assertEquals(4, last.partitionsPushed(), "every partition pushed");
      assertEquals(100, last.steps());
      assertEquals(last.pushes(), last.pushesApplied());
      assertTrue(last.meanLoss() < first.meanLoss() / 10, reports.toString());
      assertEquals(
          4 * 4 * 5, last.tpsVersion(), "4 epochs x 4 partitions x (25 steps / 5 per push)");

      float[][] tps = session.tpsValues();
      float[][] driver = session.driverValues(List.of("w", "b"));
      assertArrayEquals(tps[0], driver[0], 0f);
      assertArrayEquals(tps[1], driver[1], 0f);
      assertArrayEquals(LinearModel.TRUE_W, tps[0], 0.05f);
      assertEquals(LinearModel.TRUE_B, tps[1][0], 0.05f);
    }
  }

  @Test
  void aRowOfTheWrongShapeFailsNamingPartitionRowFeedAndShapes() {
    List<Object[]> rows = LinearModel.rows(400, 2);
    rows.set(100 + 7, new Object[] {new float[2], 1f}); // partition 1 holds rows 100..199
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session).batchSize(10).build()) {
      TrainingFailedException e =
          assertThrows(TrainingFailedException.class, () -> epoch(session, model, rows, 4, true));
      assertTrue(
          e.getMessage()
              .contains(
                  "partition 1, row 7: feed 'x' expects float[3] (row shape [3]) but got float[2]"),
          e.getMessage());
    }
  }

  @Test
  void emptyPartitionsPushNothing() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(2)
                .syncIntervalSteps(1)
                .build()) {
      EpochReport report = epoch(session, model, LinearModel.rows(3, 3), 6, false);
      assertEquals(6, report.partitions());
      assertEquals(3, report.samples());
      assertEquals(3, report.partitionsPushed());
      Set<Integer> pushed = new TreeSet<>();
      for (TaskStats t : report.tasks()) {
        if (t.samples() == 0) {
          assertEquals(0, t.pushes());
          assertEquals(0, t.pulls());
        } else {
          pushed.add(t.partition());
        }
      }
      assertEquals(3, pushed.size());
      assertEquals(3, report.tpsVersion());
    }
  }

  @Test
  void aNanLossFailsTheRunAndNeverReachesTheServer() {
    List<Object[]> rows = withNanRow(LinearModel.rows(50, 4), 3);
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(1)
                .loss(model.loss)
                .build()) {
      epoch(session, model, LinearModel.rows(50, 5), 1, false);
      float[][] before = session.tpsValues();
      TrainingFailedException e =
          assertThrows(TrainingFailedException.class, () -> epoch(session, model, rows, 1, false));
      assertTrue(e.getMessage().contains("partition 0, step 1"), e.getMessage());
      assertTrue(e.getMessage().contains("loss is NaN"), e.getMessage());
      float[][] after = session.tpsValues();
      assertArrayEquals(before[0], after[0], 0f);
      assertArrayEquals(before[1], after[1], 0f);
    }
  }

  @Test
  void skipBatchPolicyDropsTheBadBatchAndCarriesOn() {
    List<Object[]> rows = withNanRow(LinearModel.rows(50, 6), 3);
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(1)
                .loss(model.loss)
                .nanPolicy(NanPolicy.SKIP_BATCH)
                .build()) {
      EpochReport report = epoch(session, model, rows, 1, false);
      assertEquals(1, report.tasks().get(0).skippedBatches());
      assertEquals(40, report.samples());
      assertEquals(4, report.pushes());
      for (float v : session.tpsValues()[0]) {
        assertTrue(Float.isFinite(v));
      }
    }
  }

  @Test
  void closeDeletesTheTemporaryModelDirectoryUnlessKept() throws Exception {
    Path dir;
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session).build()) {
      epoch(session, model, LinearModel.rows(20, 7), 2, false);
      dir = Path.of(java.net.URI.create(session.modelDir()));
      assertTrue(Files.isDirectory(dir));
      try (var files = Files.walk(dir)) {
        assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("graph.pb")));
      }
    }
    assertFalse(Files.exists(dir));
  }

  @Test
  void aNewSessionResumesFromTheLastEpochCheckpoint() throws Exception {
    Path dir = Files.createTempDirectory("resume");
    String modelDir = dir.toUri().toString();
    JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(400, 8), 2);
    float[][] afterTwoEpochs;
    long versionAfterTwoEpochs;
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .modelDir(modelDir)
                .keepModelDir(true)
                .batchSize(20)
                .build()) {
      session.run(model.train, rows, model.feeds(), model.params(), true);
      EpochReport second = session.run(model.train, rows, model.feeds(), model.params(), true);
      afterTwoEpochs = session.tpsValues();
      versionAfterTwoEpochs = second.tpsVersion();
    }
    try (var files = Files.list(dir.resolve(SessionConfig.CHECKPOINT_SUBDIR))) {
      assertEquals(
          2, files.filter(p -> p.getFileName().toString().startsWith("tps-checkpoint-")).count());
    }
    try (LinearModel fresh = new LinearModel(0.1f);
        DistributedSession resumed =
            DistributedSession.builder(sc, fresh.graph, fresh.session)
                .modelDir(modelDir)
                .resume(true)
                .batchSize(20)
                .syncIntervalSteps(1000)
                .build()) {
      List<Object[]> none = new ArrayList<>();
      EpochReport empty = epoch(resumed, fresh, none, 1, false);
      assertEquals(
          versionAfterTwoEpochs, empty.tpsVersion(), "the version continues from the checkpoint");
      float[][] restored = resumed.tpsValues();
      assertArrayEquals(afterTwoEpochs[0], restored[0], 0f);
      assertArrayEquals(afterTwoEpochs[1], restored[1], 0f);
      assertArrayEquals(afterTwoEpochs[0], resumed.driverValues(List.of("w", "b"))[0], 0f);
    }
    assertFalse(
        Files.exists(dir.resolve(SessionConfig.CHECKPOINT_SUBDIR)),
        "the resumed session cleaned up");
  }

  @Test
  void anUnreachableTpsFailsTheTaskNamingTheEndpoint() {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .tpsAdvertisedHost("127.0.0.2") // the TPS listens on 127.0.0.1 only
                .tpsClient(
                    c -> c.connectTimeoutMillis(500).requestTimeoutMillis(1000).maxAttempts(2))
                .build()) {
      TrainingFailedException e =
          assertThrows(
              TrainingFailedException.class,
              () -> epoch(session, model, LinearModel.rows(20, 9), 1, false));
      assertTrue(e.getMessage().contains("http://127.0.0.2:"), e.getMessage());
      assertTrue(e.getMessage().contains("2 attempts"), e.getMessage());
    }
  }

  @Test
  void droppedRequestsAndRepliesAreRetriedAndAppliedExactlyOnce() {
    // local mode: the executors' clients are made in this JVM, where ClientFaults reaches them
    try (ClientFaults faults = ClientFaults.inject(0.25, 0.25, 0);
        LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(20)
                .syncIntervalSteps(2)
                .tpsClient(c -> c.maxAttempts(30))
                .loss(model.loss)
                .build()) {
      EpochReport report = epoch(session, model, LinearModel.rows(800, 10), 2, true);
      assertEquals(800, report.samples());
      assertEquals(20, report.pushes(), "2 partitions x 20 steps / 2 steps per push");
      assertEquals(report.pushes(), report.pushesApplied(), "every push applied exactly once");
      assertEquals(report.pushes(), report.tpsVersion());
      assertTrue(
          report.pushesDuplicate() > 0,
          "some replies were dropped after the server applied the push");
      assertEquals(0, report.pushesSuperseded());
      assertTrue(faults.requestsDropped() > 0, "requests were dropped too");
      assertEquals(2, faults.clients(), "one client per task");
    }
  }
}
