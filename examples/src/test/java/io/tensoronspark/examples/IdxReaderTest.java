package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

  @Test
  void readsTheBundledSplits() throws IOException {
    MnistData train = MnistData.train(null);
    MnistData test = MnistData.test(null);
    assertEquals(8000, train.size());
    assertEquals(2000, test.size());
    assertEquals(MnistData.PIXELS, train.images()[0].length);
    int[] perClass = new int[10];
    for (int label : train.labels()) {
      perClass[label]++;
    }
    for (int count : perClass) {
      assertTrue(count >= 685 && count <= 913, "class counts as documented: " + count);
    }
    float max = 0;
    for (float p : train.images()[0]) {
      assertTrue(p >= 0 && p <= 1);
      max = Math.max(max, p);
    }
    assertTrue(max > 0.5f, "a digit has ink");
  }

  @Test
  void readsUncompressedImagesExactly() throws IOException {
    byte[] file =
        idx(IdxReader.IMAGES_MAGIC, new int[] {2, 1, 2}, new byte[] {0, (byte) 255, 51, 102});
    float[][] images = IdxReader.readImages(new ByteArrayInputStream(file), "mem");
    assertEquals(2, images.length);
    assertEquals(0f, images[0][0]);
    assertEquals(1f, images[0][1]);
    assertEquals(0.2f, images[1][0]);
    assertEquals(0.4f, images[1][1]);
  }

  @Test
  void aLabelFileIsNotAnImageFile() throws IOException {
    byte[] file = idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[] {3});
    IOException e =
        assertThrows(
            IOException.class,
            () -> IdxReader.readImages(new ByteArrayInputStream(file), "labels.idx"));
    assertEquals(
        "labels.idx: expected IDX magic 2051 but found 2049 (is this an MNIST IDX file?)",
        e.getMessage());
  }

  @Test
  void aTruncatedFileNamesTheItem() throws IOException {
    byte[] file = idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[9]);
    IOException e =
        assertThrows(
            IOException.class,
            () -> IdxReader.readImages(new ByteArrayInputStream(file), "short.idx"));
    assertEquals("short.idx is truncated at item 2", e.getMessage());
  }

  private static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
    return bytes.toByteArray();
  }
}
