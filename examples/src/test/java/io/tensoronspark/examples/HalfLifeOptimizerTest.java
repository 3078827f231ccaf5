package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.model.TrainOpAnalysis;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The halving learning rate in a real TF graph, no Spark: the rate read from the graph halves after
 * each half-life of steps, the update matches the framework's optimizer at a constant rate, and the
 * session's train-op analysis sees the step counter as optimizer state.
 */
@Timeout(120)
class HalfLifeOptimizerTest {

  private static final int BATCH = 32;
  private static final float BASE_RATE = 0.01f;
  private static final int[] HIDDEN = {16};

  private static float[] images;
  private static int[] labels;

  @BeforeAll
  static void firstBatch() throws java.io.IOException {
    MnistData train = MnistData.train(null);
    images = new float[BATCH * MnistData.PIXELS];
    labels = new int[BATCH];
    for (int r = 0; r < BATCH; r++) {
      System.arraycopy(train.images()[r], 0, images, r * MnistData.PIXELS, MnistData.PIXELS);
      labels[r] = train.labels()[r];
    }
  }

  @ParameterizedTest
  @EnumSource(MnistModel.OptimizerKind.class)
  void theRateHalvesAfterEachHalfLifeOfSteps(MnistModel.OptimizerKind kind) {
    try (MnistModel model = MnistModel.mlp(kind, BASE_RATE, 4, 0f, 7, HIDDEN)) {
      assertEquals(0f, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(BASE_RATE, scalar(model, HalfLifeOptimizer.RATE), 1e-9f);
      float lossBefore = scalar(model, "loss");
      train(model, 2);
      assertEquals(2f, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(BASE_RATE / (float) Math.sqrt(2), scalar(model, HalfLifeOptimizer.RATE), 1e-8f);
      train(model, 2);
      assertEquals(4f, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(BASE_RATE / 2, scalar(model, HalfLifeOptimizer.RATE), 1e-8f);
      train(model, 4);
      assertEquals(8f, scalar(model, HalfLifeOptimizer.STEP));
      assertEquals(BASE_RATE / 4, scalar(model, HalfLifeOptimizer.RATE), 1e-8f);
      float lossAfter = scalar(model, "loss");
      assertTrue(lossAfter < lossBefore, kind + ": loss " + lossBefore + " -> " + lossAfter);
    }
  }

  /** With a half-life far beyond the run the rate stays the base: gradient descent's update. */
  @Test
  void aRateThatDoesNotDecayUpdatesAsTheFrameworksGradientDescent() {
    MnistModel.OptimizerKind sgd = MnistModel.OptimizerKind.SGD;
    try (MnistModel framework = MnistModel.mlp(sgd, BASE_RATE, 0, 0f, 11, HIDDEN);
        MnistModel halving = MnistModel.mlp(sgd, BASE_RATE, 1L << 40, 0f, 11, HIDDEN)) {
      assertNull(framework.graph().operation(HalfLifeOptimizer.STEP));
      float[] initial = values(halving, "b0");
      train(framework, 3);
      train(halving, 3);
      for (String p : framework.parameterNames()) {
        assertArrayEquals(values(framework, p), values(halving, p), 1e-6f, p);
      }
      float moved = 0;
      float[] trained = values(halving, "b0");
      for (int i = 0; i < trained.length; i++) {
        moved = Math.max(moved, Math.abs(trained[i] - initial[i]));
      }
      assertTrue(moved > 1e-5f, "three steps moved the biases by at most " + moved);
    }
  }

  /**
   * Adam's first step from zero moments moves every weight with a gradient by the rate itself
   * (bias-corrected m / sqrt(v) is the gradient's sign): checks the rate and the bias corrections
   * the counter drives. (tensorflow-framework 1.0.0's Adam cannot serve as the reference: its
   * beta-power updates are not ordered after its ApplyAdam ops, so its result varies run to run.)
   */
  @Test
  void adamsFirstStepMovesEachOutputBiasByTheRate() {
    try (MnistModel model =
        MnistModel.mlp(MnistModel.OptimizerKind.ADAM, BASE_RATE, 1000, 0f, 5, HIDDEN)) {
      float[] before = values(model, "b1");
      train(model, 1);
      float[] after = values(model, "b1");
      for (int i = 0; i < before.length; i++) {
        assertEquals(BASE_RATE, Math.abs(after[i] - before[i]), 1e-6f, "output bias " + i);
      }
    }
  }

  @Test
  void theStepCounterIsOptimizerStateWithOrWithoutALoss() {
    try (MnistModel model =
        MnistModel.mlp(MnistModel.OptimizerKind.ADAM, BASE_RATE, 100, 0.2f, 3, HIDDEN)) {
      GraphOperation train = model.graph().operation("train");
      GraphOperation loss = model.graph().operation("loss");
      for (GraphOperation withLoss : new GraphOperation[] {loss, null}) {
        TrainOpAnalysis analysis = TrainOpAnalysis.of(model.graph(), train, withLoss);
        assertEquals(
            Set.copyOf(model.parameterNames()),
            analysis.trained().keySet(),
            "trained, loss " + withLoss);
        Set<String> state = new HashSet<>(analysis.state().keySet());
        assertTrue(state.remove(HalfLifeOptimizer.STEP), analysis.state().toString());
        // The rest are Adam's two moments per parameter.
        assertEquals(2 * model.parameterNames().size(), state.size(), state.toString());
      }
    }
  }

  @Test
  void badRatesAndHalfLivesAreRefusedNamingTheValue() {
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> MnistModel.mlp(MnistModel.OptimizerKind.SGD, BASE_RATE, -5, 0f, 1, HIDDEN));
    assertTrue(negative.getMessage().contains("got -5"), negative.getMessage());
    IllegalArgumentException rate =
        assertThrows(
            IllegalArgumentException.class,
            () -> MnistModel.mlp(MnistModel.OptimizerKind.ADAM, -1f, 10, 0f, 1, HIDDEN));
    assertTrue(rate.getMessage().contains("got -1.0"), rate.getMessage());
  }

  private static void train(MnistModel model, int steps) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(BATCH, MnistData.PIXELS), DataBuffers.of(images, true, false));
        TInt32 y = TInt32.tensorOf(Shape.of(BATCH), DataBuffers.of(labels, true, false))) {
      for (int i = 0; i < steps; i++) {
        model
            .session()
            .runner()
            .feed(MnistModel.X, x)
            .feed(MnistModel.Y, y)
            .addTarget(model.trainOp())
            .run()
            .close();
      }
    }
  }

  /** A scalar of the graph; the loss on the test batch. */
  private static float scalar(MnistModel model, String name) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(BATCH, MnistData.PIXELS), DataBuffers.of(images, true, false));
        TInt32 y = TInt32.tensorOf(Shape.of(BATCH), DataBuffers.of(labels, true, false));
        Result r =
            model
                .session()
                .runner()
                .feed(MnistModel.X, x)
                .feed(MnistModel.Y, y)
                .fetch(name)
                .run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static float[] values(MnistModel model, String name) {
    Session session = model.session();
    try (Result r = session.runner().fetch(name).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
