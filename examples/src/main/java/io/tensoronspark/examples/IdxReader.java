package io.tensoronspark.examples;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST distribution (big-endian header: magic 2051 for images with
 * count, rows and columns; magic 2049 for labels with count; then one unsigned byte per pixel or
 * label), gzipped or not. Stateless.
 */
public final class IdxReader {

  /** Magic number of an IDX image file (unsigned bytes, 3 dimensions). */
  public static final int IMAGES_MAGIC = 2051;

  /** Magic number of an IDX label file (unsigned bytes, 1 dimension). */
  public static final int LABELS_MAGIC = 2049;

  private IdxReader() {}

  /** Reads images as rows of pixels scaled to [0, 1]. The stream is closed. */
  public static float[][] readImages(InputStream raw, String source) throws IOException {
    try (DataInputStream in = open(raw)) {
      checkMagic(in.readInt(), IMAGES_MAGIC, source);
      int count = in.readInt();
      int pixels = Math.multiplyExact(in.readInt(), in.readInt());
      byte[] buffer = new byte[pixels];
      float[][] images = new float[count][pixels];
      for (int i = 0; i < count; i++) {
        readFully(in, buffer, source, i);
        float[] row = images[i];
        for (int p = 0; p < pixels; p++) {
          row[p] = (buffer[p] & 0xFF) / 255f;
        }
      }
      return images;
    }
  }

  /** Reads labels as ints in [0, 255]. The stream is closed. */
  public static int[] readLabels(InputStream raw, String source) throws IOException {
    try (DataInputStream in = open(raw)) {
      checkMagic(in.readInt(), LABELS_MAGIC, source);
      int count = in.readInt();
      byte[] buffer = new byte[count];
      readFully(in, buffer, source, 0);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = buffer[i] & 0xFF;
      }
      return labels;
    }
  }

  private static DataInputStream open(InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    return new DataInputStream(gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered);
  }

  private static void checkMagic(int actual, int expected, String source) throws IOException {
    if (actual != expected) {
      throw new IOException(
          source
              + ": expected IDX magic "
              + expected
              + " but found "
              + actual
              + " (is this an MNIST IDX file?)");
    }
  }

  private static void readFully(DataInputStream in, byte[] buffer, String source, int item)
      throws IOException {
    try {
      in.readFully(buffer);
    } catch (EOFException e) {
      throw new IOException(source + " is truncated at item " + item, e);
    }
  }
}
