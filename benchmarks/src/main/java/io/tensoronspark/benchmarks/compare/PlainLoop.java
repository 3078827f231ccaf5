package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The baseline: the same graph trained in a plain single-process TF Java loop, as a user would
 * write it without Spark. Per epoch the rows are shuffled in memory, each batch is copied into one
 * reused array, fed as a tensor, and the train op runs with the loss fetched (as DistributedSession
 * does). The model's own session runs it, with TensorFlow's default threads (all cores). Stateless.
 */
final class PlainLoop {

  private PlainLoop() {}

  static RunResult run(ModelCase modelCase, RunSettings settings, int round) {
    MnistData train = settings.train();
    int batch = modelCase.batchSize;
    float[] images = new float[batch * MnistData.PIXELS];
    int[] labels = new int[batch];
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    List<EpochFigures> epochs = new ArrayList<>();
    try (ComparedModel model = modelCase.build(settings.seed())) {
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        shuffle(order, new Random(settings.seed() * 31 + epoch));
        long start = System.nanoTime();
        for (int first = 0; first < order.length; first += batch) {
          int rows = Math.min(batch, order.length - first);
          for (int r = 0; r < rows; r++) {
            int row = order[first + r];
            System.arraycopy(
                train.images()[row], 0, images, r * MnistData.PIXELS, MnistData.PIXELS);
            labels[r] = train.labels()[row];
          }
          step(model, images, labels, rows);
        }
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        epochs.add(new EpochFigures(train.size(), wallMillis, model.accuracy(settings.test())));
      }
    }
    return new RunResult(modelCase, "plain", round, 0, 0, epochs, false);
  }

  private static float step(ComparedModel model, float[] images, int[] labels, int rows) {
    Session session = model.session();
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(rows, MnistData.PIXELS),
                DataBuffers.of(images, true, false).narrow((long) rows * MnistData.PIXELS));
        TInt32 y =
            TInt32.tensorOf(Shape.of(rows), DataBuffers.of(labels, true, false).narrow(rows));
        Result result =
            session
                .runner()
                .feed(model.feedNames().get(0), x)
                .feed(model.feedNames().get(1), y)
                .addTarget(model.trainOp())
                .fetch(model.loss())
                .run()) {
      return ((TFloat32) result.get(0)).getFloat();
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
