package io.tensoronspark.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MNIST split in memory: images as float rows in [0, 1] and integer labels. Loads the bundled
 * MNIST-10k (8,000 train, 2,000 test digits) from the classpath, or the standard files from a
 * directory (full MNIST works too).
 */
public record MnistData(float[][] images, int[] labels) {

  /** Classpath folder of the bundled MNIST-10k files. */
  public static final String BUNDLED = "/io/tensoronspark/examples/mnist-10k/";

  /** Pixels per image. */
  public static final int PIXELS = 784;

  /** Digit classes. */
  public static final int CLASSES = 10;

  public MnistData {
    if (images.length != labels.length) {
      throw new IllegalArgumentException(
          images.length + " images but " + labels.length + " labels");
    }
  }

  /** The training split from {@code dir}, or the bundled one when {@code dir} is null. */
  public static MnistData train(Path dir) throws IOException {
    return load(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
  }

  /** The test split from {@code dir}, or the bundled one when {@code dir} is null. */
  public static MnistData test(Path dir) throws IOException {
    return load(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
  }

  private static MnistData load(Path dir, String imagesFile, String labelsFile) throws IOException {
    float[][] images = IdxReader.readImages(open(dir, imagesFile), where(dir, imagesFile));
    int[] labels = IdxReader.readLabels(open(dir, labelsFile), where(dir, labelsFile));
    return new MnistData(images, labels);
  }

  private static InputStream open(Path dir, String file) throws IOException {
    if (dir != null) {
      return Files.newInputStream(dir.resolve(file));
    }
    InputStream in = MnistData.class.getResourceAsStream(BUNDLED + file);
    if (in == null) {
      throw new IOException(
          "bundled MNIST file " + BUNDLED + file + " is missing from the classpath");
    }
    return in;
  }

  private static String where(Path dir, String file) {
    return dir == null ? "classpath:" + BUNDLED + file : dir.resolve(file).toString();
  }

  /** A split from rows {image float[784], label Integer}. */
  public static MnistData fromRows(List<Object[]> rows) {
    float[][] images = new float[rows.size()][];
    int[] labels = new int[rows.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float[]) rows.get(i)[0];
      labels[i] = (Integer) rows.get(i)[1];
    }
    return new MnistData(images, labels);
  }

  public int size() {
    return labels.length;
  }

  /** Training rows for {@code DistributedSession.run}: {image float[784], label Integer}. */
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      rows.add(new Object[] {images[i], labels[i]});
    }
    return rows;
  }

  /** All images as one row-major array, for a single evaluation batch. */
  public float[] flatImages() {
    float[] flat = new float[size() * PIXELS];
    for (int i = 0; i < size(); i++) {
      System.arraycopy(images[i], 0, flat, i * PIXELS, PIXELS);
    }
    return flat;
  }
}
