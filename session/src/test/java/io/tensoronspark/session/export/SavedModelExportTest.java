package io.tensoronspark.session.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.testmodel.TinyClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

@Timeout(120)
class SavedModelExportTest {

  private static final int TEST_ROWS = 200;
  private static final long TEST_SEED = 99;
  private static JavaSparkContext sc;

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    sc = TinyClassifier.spark("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void aTrainedModelExportsTheMergedValuesAndAFreshJvmPredictsExactlyLikeTheDriver()
      throws Exception {
    String uri = tmp.resolve("model/1").toUri().toString();
    float[] driver;
    float[][] merged;
    try (TinyClassifier model = new TinyClassifier();
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session).batchSize(20).build()) {
      ds.run(
          model.train,
          sc.parallelize(TinyClassifier.rows(600, 1), 2),
          model.feeds(),
          model.params(),
          true);
      merged = ds.tpsValues();
      assertArrayEquals(merged[0], ds.driverValues(List.of("w", "b"))[0]);
      ds.exportSavedModel(uri, model.serving(), model.evaluation());
      driver = model.driverProbabilities(TinyClassifier.rows(TEST_ROWS, TEST_SEED));
    }
    Path dir = tmp.resolve("model/1");
    assertTrue(Files.exists(dir.resolve("variables/variables.index")));
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        Result r = bundle.session().runner().fetch("w").fetch("b").run()) {
      assertArrayEquals(merged[0], read((TFloat32) r.get(0), merged[0].length), "w = TPS value");
      assertArrayEquals(merged[1], read((TFloat32) r.get(1), merged[1].length), "b = TPS value");
      assertFalse(allZero(merged[0]), "trained, not the initial zeros");
    }
    float[] child = predictInFreshJvm(dir);
    assertEquals(driver.length, child.length);
    for (int i = 0; i < driver.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(driver[i]), Float.floatToRawIntBits(child[i]), "value " + i);
    }
  }

  @Test
  void theExportIsAStandardSavedModelWithServeTagAndNamedSignatures() throws Exception {
    String uri = tmp.resolve("std").toUri().toString();
    try (TinyClassifier model = new TinyClassifier();
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session).build()) {
      ds.exportSavedModel(uri, model.serving(), model.evaluation());
    }
    MetaGraphDef meta = SavedModelFiles.readMetaGraph(uri, "serve", new Configuration());
    assertTrue(meta.getMetaInfoDef().getTagsList().contains("serve"));
    assertTrue(meta.getSaverDef().getRestoreOpName().startsWith("save/"));
    SignatureDef serving = meta.getSignatureDefOrThrow("serving_default");
    assertEquals("tensorflow/serving/predict", serving.getMethodName());
    assertEquals(List.of("x"), List.copyOf(serving.getInputsMap().keySet()));
    assertEquals("x:0", serving.getInputsOrThrow("x").getName());
    assertEquals(DataType.DT_FLOAT, serving.getInputsOrThrow("x").getDtype());
    assertEquals(-1, serving.getInputsOrThrow("x").getTensorShape().getDim(0).getSize());
    assertEquals(4, serving.getInputsOrThrow("x").getTensorShape().getDim(1).getSize());
    assertEquals("probabilities:0", serving.getOutputsOrThrow("probabilities").getName());
    assertEquals(DataType.DT_INT64, serving.getOutputsOrThrow("classes").getDtype());
    SignatureDef eval = meta.getSignatureDefOrThrow("evaluate");
    assertEquals(2, eval.getInputsCount());
    assertEquals(0, eval.getOutputsOrThrow("loss").getTensorShape().getDimCount());
  }

  @Test
  void resourceAndLegacyVariablesAreRefusedBeforeAnythingIsWritten() {
    for (String kind : List.of("VarHandleOp", "Variable")) {
      try (TinyClassifier model = new TinyClassifier();
          DistributedSession ds =
              DistributedSession.builder(sc, model.graph, model.session).build()) {
        model
            .graph
            .opBuilder(kind, "odd_var", Ops.create(model.graph).scope())
            .setAttr("dtype", DataType.DT_FLOAT)
            .setAttr("shape", Shape.of(2))
            .build();
        Path dir = tmp.resolve("refused-" + kind);
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> ds.exportSavedModel(dir.toUri().toString(), model.serving()));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "cannot export variable 'odd_var': SavedModel export saves VariableV2"
                        + " variables (tf.variable) only, got a "
                        + kind),
            e.getMessage());
        assertFalse(Files.exists(dir));
      }
    }
  }

  @Test
  void variablesAddedAfterAnEarlierSaveAreExportedWhereTfJavasCachedSaverMissesThem()
      throws Exception {
    try (TinyClassifier model = new TinyClassifier();
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session).build()) {
      // The plain exporter on the user's session builds the graph's saver now, over w and b.
      SavedModelBundle.exporter(tmp.resolve("plain1").toString())
          .withSession(model.session)
          .withSignature(
              org.tensorflow.Signature.builder()
                  .input("x", model.x)
                  .output("p", model.probabilities)
                  .build())
          .export();
      Variable<TFloat32> extra =
          Ops.create(model.graph)
              .withName("extra")
              .variable(Ops.create(model.graph).constant(new float[] {7f, 8f}));
      model.session.initialize();
      SavedModelBundle.exporter(tmp.resolve("plain2").toString())
          .withSession(model.session)
          .withSignature(
              org.tensorflow.Signature.builder()
                  .input("x", model.x)
                  .output("p", model.probabilities)
                  .build())
          .export();
      ds.exportSavedModel(tmp.resolve("ours").toUri().toString(), model.serving());
      assertEquals("extra", extra.op().name());
    }
    try (SavedModelBundle plain =
        SavedModelBundle.load(tmp.resolve("plain2").toString(), "serve")) {
      Exception e =
          assertThrows(
              Exception.class, () -> plain.session().runner().fetch("extra").run().close());
      assertTrue(e.getMessage().contains("extra"), e.getMessage()); // uninitialized: not saved
    }
    try (SavedModelBundle ours = SavedModelBundle.load(tmp.resolve("ours").toString(), "serve");
        Result r = ours.session().runner().fetch("extra").run()) {
      assertArrayEquals(new float[] {7f, 8f}, read((TFloat32) r.get(0), 2));
    }
  }

  @Test
  void unknownSignatureTensorsAndNonEmptyTargetsAreRefused() throws IOException {
    Path taken = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(taken.resolve("notes.txt"), "x");
    try (TinyClassifier model = new TinyClassifier();
        DistributedSession ds =
            DistributedSession.builder(sc, model.graph, model.session).build()) {
      ModelSignature unknown =
          ModelSignature.builder().input("x", model.x).output("scores", "no_such_op").build();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ds.exportSavedModel(tmp.resolve("u").toUri().toString(), unknown));
      assertEquals(
          "signature 'serving_default' output 'scores' names tensor no_such_op:0, expected an"
              + " output of an operation of the graph, got no such operation",
          e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ds.exportSavedModel(taken.toUri().toString(), model.serving()));
      assertTrue(
          e.getMessage().contains("expected a new or empty directory, found [notes.txt]"),
          e.getMessage());
    }
  }

  private static float[] read(TFloat32 t, int n) {
    float[] out = new float[n];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static boolean allZero(float[] a) {
    for (float f : a) {
      if (f != 0f) {
        return false;
      }
    }
    return true;
  }

  private float[] predictInFreshJvm(Path dir) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
            "-Dorg.bytedeco.javacpp.cachedir="
                + System.getProperty("org.bytedeco.javacpp.cachedir"),
            "-cp",
            System.getProperty("java.class.path"),
            PrintSavedModelPredictions.class.getName(),
            dir.toString(),
            Integer.toString(TEST_ROWS),
            Long.toString(TEST_SEED));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    List<Float> values = new ArrayList<>();
    boolean ended = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("END ")) {
        ended = true;
      } else if (!ended && line.matches("[0-9a-f]{1,8}")) {
        values.add(Float.intBitsToFloat(Integer.parseUnsignedInt(line, 16)));
      }
    }
    assertTrue(ended, text);
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }
}
