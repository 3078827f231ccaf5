package io.tensoronspark.examples;

import io.tensoronspark.session.export.SavedModelFiles;
import io.tensoronspark.session.inference.DistributedPredictor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Paired, alternating rounds of the same prediction work two ways: {@link DistributedPredictor} on
 * the executors (model already loaded there) and one TF session on the driver running the same
 * batches, so their ratio holds on a loaded machine. Used by one thread.
 */
final class InferenceSpeed {

  private InferenceSpeed() {}

  /**
   * Prints rows/s of each way per round and the ratio range.
   *
   * @param images the test images as rows {image float[784]} on the executors
   * @param test the same images in the driver's memory, for the driver's session
   */
  static void compare(
      JavaSparkContext sc,
      String modelUri,
      JavaRDD<Object[]> images,
      MnistData test,
      int batchSize,
      int rounds,
      PrintStream out)
      throws IOException {
    images = images.cache();
    long count = images.count();
    if (count != test.size()) {
      throw new IllegalArgumentException(
          "the executors' rows and the driver's test set differ: "
              + count
              + " against "
              + test.size());
    }
    DistributedPredictor predictor =
        DistributedPredictor.builder(sc, modelUri).outputs("classes").batchSize(batchSize).build();
    predictor.predict(images).count(); // warm-up: executors load the model
    java.nio.file.Path local = SavedModelFiles.download(modelUri, sc.hadoopConfiguration());
    try (SavedModelBundle bundle = SavedModelBundle.load(local.toString(), "serve")) {
      float[] flat = test.flatImages();
      driverRowsPerSecond(bundle.session(), flat, test.size(), batchSize); // warm-up
      double minRatio = Double.MAX_VALUE;
      double maxRatio = 0;
      for (int r = 1; r <= rounds; r++) {
        long start = System.nanoTime();
        long n = predictor.predict(images).count();
        double distributed = n / ((System.nanoTime() - start) / 1e9);
        double driver = driverRowsPerSecond(bundle.session(), flat, test.size(), batchSize);
        double ratio = distributed / driver;
        minRatio = Math.min(minRatio, ratio);
        maxRatio = Math.max(maxRatio, ratio);
        out.printf(
            Locale.ROOT,
            "round %d: executors %.0f rows/s, driver single session %.0f rows/s, ratio %.2f%n",
            r,
            distributed,
            driver,
            ratio);
      }
      out.printf(
          Locale.ROOT,
          "executors / driver single session over %d rounds: %.2f-%.2f (%s, %d partitions, batch %d)%n",
          rounds,
          minRatio,
          maxRatio,
          sc.master(),
          images.getNumPartitions(),
          batchSize);
    } finally {
      SavedModelFiles.deleteLocal(local.getParent());
      images.unpersist(false);
    }
  }

  private static double driverRowsPerSecond(Session session, float[] flat, int n, int batchSize) {
    long start = System.nanoTime();
    for (int from = 0; from < n; from += batchSize) {
      int rows = Math.min(batchSize, n - from);
      float[] batch = new float[rows * MnistData.PIXELS];
      System.arraycopy(flat, from * MnistData.PIXELS, batch, 0, batch.length);
      try (TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(rows, MnistData.PIXELS), DataBuffers.of(batch, true, false));
          Result r = session.runner().feed("x", x).fetch("classes").run()) {
        if (r.get(0).shape().get(0) != rows) {
          throw new IllegalStateException(
              "classes has " + r.get(0).shape() + " for " + rows + " rows");
        }
      }
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
