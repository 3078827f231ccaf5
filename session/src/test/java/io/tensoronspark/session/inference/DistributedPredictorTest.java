package io.tensoronspark.session.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.testmodel.TinyClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

@Timeout(120)
class DistributedPredictorTest {

  private static final List<Object[]> TEST = TinyClassifier.rows(301, 7);
  @TempDir static Path tmp;
  private static JavaSparkContext sc;
  private static TinyClassifier model;
  private static DistributedSession ds;
  private static String uri;

  @BeforeAll
  static void trainAndExport() throws Exception {
    sc = TinyClassifier.spark("local[2]");
    model = new TinyClassifier();
    ds = DistributedSession.builder(sc, model.graph, model.session).batchSize(20).build();
    ds.run(
        model.train,
        sc.parallelize(TinyClassifier.rows(600, 1), 2),
        model.feeds(),
        model.params(),
        true);
    uri = tmp.resolve("m/1").toUri().toString();
    ds.exportSavedModel(uri, model.serving(), model.evaluation());
  }

  @AfterAll
  static void stop() {
    ds.close();
    model.close();
    sc.stop();
  }

  @Test
  void predictionsOnTheExecutorsEqualTheDriversRowForRowInOrder() throws Exception {
    int loadsBefore = SavedModelCache.loadCount();
    DistributedPredictor p = DistributedPredictor.builder(sc, uri).batchSize(7).build();
    assertEquals(List.of("classes", "probabilities"), p.outputs());
    List<Object[]> out = p.predict(features(TEST, 4)).collect();
    assertEquals(TEST.size(), out.size());
    float[] driver = model.driverProbabilities(TEST);
    for (int i = 0; i < TEST.size(); i++) {
      float[] probabilities = (float[]) out.get(i)[1];
      float[] expected = new float[TinyClassifier.CLASSES];
      System.arraycopy(driver, i * 3, expected, 0, 3);
      assertArrayEquals(expected, probabilities, "row " + i);
      assertEquals((long) argMax(expected), out.get(i)[0], "class of row " + i);
    }
    // a second job over the same version reuses the loaded model: one load for both jobs, in a
    // JVM whose two task threads ran four partitions at once
    DistributedPredictor.builder(sc, uri)
        .outputs("classes")
        .build()
        .predict(features(TEST, 4))
        .count();
    assertEquals(loadsBefore + 1, SavedModelCache.loadCount());
  }

  @Test
  void aLiveSessionsModelPredictsLikeItsDriverSession() throws Exception {
    List<Object[]> out =
        DistributedPredictor.builder(sc, ds, model.serving())
            .outputs("probabilities")
            .build()
            .predict(features(TEST, 3))
            .collect();
    float[] driver = model.driverProbabilities(TEST);
    for (int i = 0; i < TEST.size(); i++) {
      assertArrayEquals(
          java.util.Arrays.copyOfRange(driver, i * 3, i * 3 + 3),
          (float[]) out.get(i)[0],
          "row " + i);
    }
  }

  @Test
  void evaluateWeighsBatchesByRowsNotPartitionsByMeans() throws Exception {
    // uneven partitions: 1 row and 300 rows, so a mean of partition means differs from the mean
    JavaRDD<Object[]> rows =
        sc.parallelize(TEST.subList(0, 1), 1)
            .union(sc.parallelize(TEST.subList(1, TEST.size()), 1));
    Map<String, Double> m =
        DistributedPredictor.builder(sc, uri)
            .signature("evaluate")
            .inputs("x", "y")
            .batchSize(64)
            .build()
            .evaluate(rows);
    List<Object[]> predicted =
        DistributedPredictor.builder(sc, uri)
            .outputs("classes")
            .build()
            .predict(features(TEST, 2))
            .collect();
    int correct = 0;
    for (int i = 0; i < TEST.size(); i++) {
      if ((long) predicted.get(i)[0] == (int) TEST.get(i)[1]) {
        correct++;
      }
    }
    assertEquals(301.0, m.get("rows"));
    assertEquals(correct / 301.0, m.get("accuracy"), 1e-6, "hand count " + correct + "/301");
    assertEquals(driverLoss(TEST), m.get("loss"), 1e-5);
    float first = (long) predicted.get(0)[0] == (int) TEST.get(0)[1] ? 1f : 0f;
    double meanOfMeans = (first + (correct - first) / 300.0) / 2;
    assertNotEquals(meanOfMeans, m.get("accuracy"), 1e-3);
    Map<String, Double> none =
        DistributedPredictor.builder(sc, uri)
            .signature("evaluate")
            .inputs("x", "y")
            .build()
            .evaluate(sc.emptyRDD());
    assertEquals(0.0, none.get("rows"));
    assertTrue(none.get("loss").isNaN());
  }

  @Test
  void theCacheKeepsAtMostTwoVersionsAndClosesEvictedOnes() throws Exception {
    int loads = SavedModelCache.loadCount();
    int closes = SavedModelCache.closeCount();
    List<String> versions = new ArrayList<>();
    for (int v = 2; v <= 4; v++) {
      String u = tmp.resolve("m/" + v).toUri().toString();
      ds.exportSavedModel(u, model.serving());
      versions.add(u);
      DistributedPredictor.builder(sc, u).build().predict(features(TEST, 2)).count();
      assertTrue(SavedModelCache.size() <= SavedModelCache.MAX_MODELS);
    }
    assertEquals(loads + 3, SavedModelCache.loadCount());
    assertTrue(SavedModelCache.closeCount() >= closes + 1, "an evicted version was closed");
  }

  @Test
  void badInputGetsMessagesNamingWhatWasExpectedAndWhatCame() throws Exception {
    String missing = tmp.resolve("nothing").toUri().toString();
    assertEquals(
        "no SavedModel at "
            + missing
            + ": expected a directory holding saved_model.pb, found nothing there",
        message(() -> DistributedPredictor.builder(sc, missing).build()));
    Path notModel = Files.createDirectories(tmp.resolve("notmodel"));
    Files.writeString(notModel.resolve("weights.bin"), "0");
    assertTrue(
        message(() -> DistributedPredictor.builder(sc, notModel.toUri().toString()).build())
            .endsWith("expected saved_model.pb and variables/, found [weights.bin]"));
    assertEquals(
        "SavedModel " + uri + " has no signature 'predict'; it has [evaluate, serving_default]",
        message(() -> DistributedPredictor.builder(sc, uri).signature("predict").build()));
    assertEquals(
        "signature 'serving_default' has no output 'logits'; expected one of [classes, probabilities]",
        message(() -> DistributedPredictor.builder(sc, uri).outputs("logits").build()));
    assertEquals(
        "signature 'evaluate' has inputs [x, y]: name them in row order with inputs(...)",
        message(() -> DistributedPredictor.builder(sc, uri).signature("evaluate").build()));
    DistributedPredictor eval =
        DistributedPredictor.builder(sc, uri).signature("evaluate").inputs("x", "y").build();
    assertEquals(
        "signature 'evaluate' output 'accuracy' is not batch-major: expected shape [-1, ...] (batch"
            + " first), got [] (a scalar: evaluate() takes scalar metrics)",
        message(() -> eval.predict(sc.parallelize(TEST, 1))));
    DistributedPredictor serving = DistributedPredictor.builder(sc, uri).build();
    assertEquals(
        "signature 'serving_default' output 'classes' is not a scalar metric: expected shape [] (the"
            + " batch's mean), got [-1]",
        message(() -> serving.evaluate(features(TEST, 1))));
    List<Object[]> shortRow = List.<Object[]>of(new Object[] {new float[3]});
    String rowError = message(() -> serving.predict(sc.parallelize(shortRow, 1)).collect());
    assertTrue(
        rowError.contains(
            "partition 0, row 0: feed 'x' expects float[4] (row shape [4]) but got float[3]"),
        rowError);
    List<Object[]> pairRow = List.<Object[]>of(new Object[] {new float[4], 1});
    rowError = message(() -> serving.predict(sc.parallelize(pairRow, 1)).collect());
    assertTrue(
        rowError.contains(
            "partition 0, row 0: expected one value per signature input [x] (Object[1]), got Object[2]"),
        rowError);
  }

  private static JavaRDD<Object[]> features(List<Object[]> rows, int partitions) {
    List<Object[]> x = new ArrayList<>();
    for (Object[] r : rows) {
      x.add(new Object[] {r[0]});
    }
    return sc.parallelize(x, partitions);
  }

  private static int argMax(float[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double driverLoss(List<Object[]> rows) {
    float[] flat = new float[rows.size() * 4];
    int[] labels = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy((float[]) rows.get(i)[0], 0, flat, i * 4, 4);
      labels[i] = (int) rows.get(i)[1];
    }
    try (TFloat32 x =
            TFloat32.tensorOf(Shape.of(rows.size(), 4), DataBuffers.of(flat, true, false));
        TInt32 y = TInt32.tensorOf(Shape.of(rows.size()), DataBuffers.of(labels, true, false));
        Result r =
            model.session.runner().feed(model.x, x).feed(model.y, y).fetch(model.loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  interface Call {
    void run() throws Exception;
  }

  private static String message(Call call) {
    Exception e = assertThrows(Exception.class, call::run);
    return e.getMessage();
  }
}
