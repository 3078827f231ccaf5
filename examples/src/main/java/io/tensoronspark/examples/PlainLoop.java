package io.tensoronspark.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The single-process TensorFlow Java loop the distributed run is compared with: the same graph
 * trained in the model's own session on the driver, batch by batch over a seeded shuffle of the
 * training set each epoch, then evaluated on the test set. No Spark, no TPS. Used by one thread.
 */
public final class PlainLoop {

  private PlainLoop() {}

  /** Per-epoch test accuracies and the training wall time (evaluation excluded). */
  public record Outcome(List<Float> testAccuracies, long trainMillis) {
    public float finalAccuracy() {
      return testAccuracies.get(testAccuracies.size() - 1);
    }
  }

  /** Trains {@code model} for {@code epochs} epochs of {@code batchSize}-row steps. */
  public static Outcome train(
      MnistModel model,
      MnistData train,
      MnistData test,
      int epochs,
      int batchSize,
      long seed,
      PrintStream out) {
    int n = train.size();
    float[] images = new float[batchSize * MnistData.PIXELS];
    int[] labels = new int[batchSize];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    Session session = model.session();
    List<Float> accuracies = new ArrayList<>();
    long trainNanos = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      shuffle(order, random);
      for (int from = 0; from < n; from += batchSize) {
        int rows = Math.min(batchSize, n - from);
        for (int r = 0; r < rows; r++) {
          System.arraycopy(
              train.images()[order[from + r]], 0, images, r * MnistData.PIXELS, MnistData.PIXELS);
          labels[r] = train.labels()[order[from + r]];
        }
        step(session, model, images, labels, rows);
      }
      trainNanos += System.nanoTime() - start;
      float accuracy = model.accuracy(test);
      accuracies.add(accuracy);
      out.printf(
          Locale.ROOT,
          "plain loop epoch %d: test accuracy %.4f, %.1f s training so far%n",
          epoch,
          accuracy,
          trainNanos / 1e9);
    }
    return new Outcome(accuracies, trainNanos / 1_000_000);
  }

  private static void step(
      Session session, MnistModel model, float[] images, int[] labels, int rows) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(rows, MnistData.PIXELS),
                DataBuffers.of(images, true, false).narrow((long) rows * MnistData.PIXELS));
        TInt32 y =
            TInt32.tensorOf(Shape.of(rows), DataBuffers.of(labels, true, false).narrow(rows))) {
      Session.Runner runner = session.runner().feed(MnistModel.X, x).feed(MnistModel.Y, y);
      List<TFloat32> constants = new ArrayList<>();
      try {
        model
            .constantFeeds()
            .forEach(
                (name, value) -> {
                  TFloat32 t = TFloat32.scalarOf(value);
                  constants.add(t);
                  runner.feed(name, t);
                });
        runner.addTarget(model.trainOp()).run().close();
      } finally {
        constants.forEach(TFloat32::close);
      }
    }
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
