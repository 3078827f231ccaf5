package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.tensorboard.EventFileWriter;
import io.tensoronspark.session.tensorboard.TensorBoardLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

@Timeout(300)
class TensorBoardLogTest {

  private static final List<String> EPOCH_TAGS =
      List.of(
          "epoch/train_loss",
          "epoch/samples_per_second",
          "epoch/sync_share",
          "epoch/pushes",
          "epoch/pushes_duplicate",
          "epoch/pushes_rejected",
          "epoch/pushes_superseded",
          "epoch/wall_seconds");

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /** Tag -> (step -> value) of every scalar in {@code events}. */
  static Map<String, Map<Long, Float>> scalars(List<Event> events) {
    Map<String, Map<Long, Float>> byTag = new TreeMap<>();
    for (Event e : events) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        byTag
            .computeIfAbsent(v.getTag(), t -> new TreeMap<>())
            .put(e.getStep(), v.getSimpleValue());
      }
    }
    return byTag;
  }

  static Path onlyEventFile(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), "one event file and nothing else: " + all);
      assertTrue(all.get(0).getFileName().toString().startsWith("events.out.tfevents."));
      return all.get(0);
    }
  }

  @Test
  void eventFilesHoldEveryTagAndStepAndAreReadableDuringTheRun() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "tensorboard").resolve("run1");
    List<EpochReport> reports = new ArrayList<>();
    Path file;
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(2)
                .loss(model.loss)
                .build()) {
      TensorBoardLog log = session.logTensorBoard(dir.toUri().toString());
      JavaRDD<Object[]> rows = sc.parallelize(LinearModel.rows(600, 4), 3);
      reports.add(session.run(model.train, rows, model.feeds(), model.params(), true));
      file = onlyEventFile(dir);
      Map<String, Map<Long, Float>> afterFirst = scalars(TfRecordEvents.read(file));
      assertEquals(
          (float) reports.get(0).meanLoss(),
          afterFirst.get("epoch/train_loss").get(1L),
          "flushed at the epoch's end, before close");
      log.scalar("epoch/test_accuracy", 1, 0.75);
      reports.add(session.run(model.train, rows, model.feeds(), model.params(), true));
    }
    List<Event> events = TfRecordEvents.read(file);
    assertEquals(EventFileWriter.FILE_VERSION, events.get(0).getFileVersion());
    Map<String, Map<Long, Float>> byTag = scalars(events);
    for (String tag : EPOCH_TAGS) {
      assertEquals(List.of(1L, 2L), List.copyOf(byTag.get(tag).keySet()), tag);
    }
    for (int e = 0; e < 2; e++) {
      EpochReport r = reports.get(e);
      long step = e + 1;
      assertEquals((float) r.meanLoss(), byTag.get("epoch/train_loss").get(step));
      assertEquals((float) r.pushes(), byTag.get("epoch/pushes").get(step));
      assertEquals((float) r.syncShare(), byTag.get("epoch/sync_share").get(step));
      assertEquals(0f, byTag.get("epoch/pushes_rejected").get(step));
    }
    assertEquals(Map.of(1L, 0.75f), byTag.get("epoch/test_accuracy"));
    long lastVersion = reports.get(1).tpsVersion();
    long pushes = reports.get(0).pushes() + reports.get(1).pushes();
    Map<Long, Float> staleness = byTag.get("push/staleness");
    Map<Long, Float> loss = byTag.get("push/loss");
    assertFalse(staleness.isEmpty());
    assertTrue(staleness.size() <= pushes, staleness.size() + " points for " + pushes + " pushes");
    assertEquals(staleness.keySet(), loss.keySet(), "every push carried samples");
    for (Map.Entry<Long, Float> point : staleness.entrySet()) {
      assertTrue(point.getKey() >= 1 && point.getKey() <= lastVersion, "step " + point.getKey());
      assertTrue(point.getValue() >= 0 && point.getValue() < lastVersion);
      assertTrue(Float.isFinite(loss.get(point.getKey())) && loss.get(point.getKey()) >= 0);
    }
    assertTrue(
        staleness.keySet().stream().anyMatch(v -> v > reports.get(0).tpsVersion()),
        "pushes of both epochs");
    assertEquals(
        EPOCH_TAGS.size() + 3,
        byTag.size(),
        "the epoch tags, test accuracy, push/loss and push/staleness: " + byTag.keySet());
  }
}
