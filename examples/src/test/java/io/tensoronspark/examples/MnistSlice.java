package io.tensoronspark.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the first rows of the bundled MNIST-10k as IDX files, so a test trains in seconds. */
final class MnistSlice {

  private MnistSlice() {}

  /**
   * Writes the first {@code trainRows} training and {@code testRows} test images of the bundled set
   * into {@code dir} under the names {@code --data} expects.
   */
  static void write(Path dir, int trainRows, int testRows) throws IOException {
    write(dir, MnistData.train(null), trainRows, "train");
    write(dir, MnistData.test(null), testRows, "t10k");
  }

  /** Writes the first {@code rows} images and labels of {@code data} as gzip-less IDX files. */
  private static void write(Path dir, MnistData data, int rows, String prefix) throws IOException {
    try (DataOutputStream images =
        new DataOutputStream(
            Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz")))) {
      images.writeInt(IdxReader.IMAGES_MAGIC);
      images.writeInt(rows);
      images.writeInt(28);
      images.writeInt(28);
      for (int r = 0; r < rows; r++) {
        for (float v : data.images()[r]) {
          images.writeByte(Math.round(v * 255f));
        }
      }
    }
    try (DataOutputStream labels =
        new DataOutputStream(
            Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz")))) {
      labels.writeInt(IdxReader.LABELS_MAGIC);
      labels.writeInt(rows);
      for (int r = 0; r < rows; r++) {
        labels.writeByte(data.labels()[r]);
      }
    }
  }
}
