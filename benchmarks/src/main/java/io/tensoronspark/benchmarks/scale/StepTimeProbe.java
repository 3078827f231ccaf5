package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.examples.MnistData;
import io.tensoronspark.examples.MnistModel;
import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Times training steps of a 784-{@code hidden}-10 ReLU MLP (the examples' {@link MnistModel#mlp},
 * plain SGD) in TensorFlow Java on this machine's CPU, on seeded random images: the compute side of
 * a worker's step, without any sync. Used by one thread; owns its model for the call only.
 */
final class StepTimeProbe {

  private StepTimeProbe() {}

  /** Parameters of a 784-{@code hidden}-10 MLP (weights and biases). */
  static long parameters(int hidden) {
    return (long) MnistData.PIXELS * hidden
        + hidden
        + (long) hidden * MnistData.CLASSES
        + MnistData.CLASSES;
  }

  /**
   * Seconds per step over {@code rounds} rounds of {@code steps} steps of {@code batch} rows, after
   * {@code warmupSteps} untimed ones.
   */
  static Range stepSeconds(int hidden, int batch, int warmupSteps, int steps, int rounds) {
    if (hidden < 1 || batch < 1 || warmupSteps < 0 || steps < 1 || rounds < 1) {
      throw new IllegalArgumentException(
          "expected hidden, batch, steps, rounds >= 1 and warmupSteps >= 0, got "
              + hidden
              + ", "
              + batch
              + ", "
              + steps
              + ", "
              + rounds
              + ", "
              + warmupSteps);
    }
    float[] images = new float[batch * MnistData.PIXELS];
    int[] labels = new int[batch];
    Random random = new Random(7);
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(MnistData.CLASSES);
    }
    try (MnistModel model = MnistModel.mlp(0.01f, 7, hidden);
        TFloat32 x = TFloat32.tensorOf(Shape.of(batch, MnistData.PIXELS), DataBuffers.of(images));
        TInt32 y = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(labels))) {
      Session session = model.session();
      for (int i = 0; i < warmupSteps; i++) {
        step(session, model, x, y);
      }
      double[] perStep = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          step(session, model, x, y);
        }
        perStep[r] = (System.nanoTime() - start) / 1e9 / steps;
      }
      return Range.of(perStep);
    }
  }

  private static void step(Session session, MnistModel model, TFloat32 x, TInt32 y) {
    session
        .runner()
        .feed(MnistModel.X, x)
        .feed(MnistModel.Y, y)
        .addTarget(model.trainOp())
        .run()
        .close();
  }
}
