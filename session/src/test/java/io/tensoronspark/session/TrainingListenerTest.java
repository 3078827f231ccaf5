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
  void progressFromThePushesEqualsTheEpochReportsCounts() {
    List<TrainingProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<TrainingProgress> finals = new ArrayList<>();
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session = session(model)) {
      assertEquals(null, session.progress(), "no epoch yet");
      session.addListener(
          new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress progress) {
              seen.add(progress);
            }

            @Override
            public void onEpochEnd(EpochReport report) {
              finals.add(seen.get(seen.size() - 1));
            }
          });
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(1000, 3), 4);
      List<EpochReport> reports = new ArrayList<>();
      for (int epoch = 0; epoch < 2; epoch++) {
        reports.add(session.run(model.train, rows, model.feeds(), model.params(), true));
      }
      for (int e = 0; e < 2; e++) {
        EpochReport report = reports.get(e);
        TrainingProgress last = finals.get(e);
        assertEquals(report.epoch(), last.epoch());
        assertEquals(report.samples(), last.samples());
        assertEquals(report.steps(), last.steps());
        assertEquals(report.pushes(), last.pushes());
        assertEquals(report.meanLoss(), last.meanLoss(), 1e-9 * report.meanLoss());
        assertEquals(e == 0 ? -1 : 1000, last.expectedSamples());
        assertEquals(4, last.workers().size(), "every partition pushed");
        for (TrainingProgress.WorkerProgress w : last.workers()) {
          TaskStats task = report.tasks().get(w.workerId());
          assertEquals(task.samples(), w.samples(), "worker " + w.workerId());
          assertEquals(task.pushes(), w.pushes(), "worker " + w.workerId());
          assertTrue(w.lastStaleness() >= 0 && w.lastStaleness() <= w.maxStaleness());
        }
        assertTrue(last.samplesPerSecond() > 0);
        assertEquals(e == 0, last.etaMillis() < 0, "the ETA is known once the epoch size is");
      }
      for (int i = 1; i < seen.size(); i++) {
        TrainingProgress a = seen.get(i - 1);
        TrainingProgress b = seen.get(i);
        assertTrue(
            b.epoch() > a.epoch() || b.samples() >= a.samples(), "samples only grow in an epoch");
      }
      assertEquals(finals.get(1), session.progress(), "between epochs: the last final progress");
      List<io.tensoronspark.tps.protocol.PushRecord> pushes = session.recentPushes();
      assertEquals(reports.get(0).pushes() + reports.get(1).pushes(), pushes.size());
      assertEquals(
          reports.get(0).samples() + reports.get(1).samples(),
          pushes.stream().mapToLong(io.tensoronspark.tps.protocol.PushRecord::samples).sum());
    }
  }

  @Test
  void consoleProgressPrintsPlainLinesWithSamplesRateLossAndPushesWhenNotATerminal() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session = session(model);
        java.io.PrintStream out =
            new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)) {
      session.addListener(new ConsoleProgress(out, false, 800, 50));
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(800, 2), 2);
      EpochReport report = session.run(model.train, rows, model.feeds(), model.params(), true);
      out.flush();
      String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
      List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
      String last = lines.get(lines.size() - 1);
      assertTrue(last.startsWith("epoch 1 100%"), text);
      assertTrue(last.contains("800/800 samples"), last);
      assertTrue(last.contains("samples/s"), last);
      assertTrue(
          last.contains(String.format(java.util.Locale.ROOT, "loss %.4f", report.meanLoss())),
          last);
      assertTrue(last.contains(report.pushes() + " pushes"), last);
      assertTrue(text.chars().noneMatch(c -> c == '\r' || c == 0x1b), "no terminal control");
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
