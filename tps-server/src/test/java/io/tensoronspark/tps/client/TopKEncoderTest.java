package io.tensoronspark.tps.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKEncoderTest {

  @Test
  void sendsTheLargestMagnitudesAndKeepsTheRestAsResidual() {
    TopKEncoder encoder = new TopKEncoder(6, 2);
    int[] indices = new int[2];
    float[] values = new float[2];
    encoder.select(new float[] {1f, -5f, 2f, 4f, 0f, -3f}, indices, values);
    assertArrayEquals(new int[] {1, 3}, indices);
    assertArrayEquals(new float[] {-5f, 4f}, values);
    assertArrayEquals(new float[] {1f, 0f, 2f, 0f, 0f, -3f}, encoder.residual());
    // The residual is added to the next payload: -3 + -1 = -4 and 2 + 2 = 4 win now.
    encoder.select(new float[] {0f, 1f, 2f, 0f, 0f, -1f}, indices, values);
    assertArrayEquals(new int[] {2, 5}, indices);
    assertArrayEquals(new float[] {4f, -4f}, values);
    assertArrayEquals(new float[] {1f, 1f, 0f, 0f, 0f, 0f}, encoder.residual());
  }

  @Test
  void errorFeedbackLosesNothing() {
    Random random = new Random(3);
    int size = 1000;
    TopKEncoder encoder = new TopKEncoder(size, 37);
    double[] sentTotal = new double[size];
    double[] payloadTotal = new double[size];
    int[] indices = new int[37];
    float[] values = new float[37];
    for (int step = 0; step < 50; step++) {
      float[] payload = new float[size];
      for (int i = 0; i < size; i++) {
        payload[i] = random.nextInt(9) - 4;
        payloadTotal[i] += payload[i];
      }
      encoder.select(payload, indices, values);
      for (int j = 0; j < 37; j++) {
        sentTotal[indices[j]] += values[j];
        if (j > 0) {
          assertEquals(true, indices[j] > indices[j - 1], "strictly increasing");
        }
      }
    }
    float[] residual = encoder.residual();
    for (int i = 0; i < size; i++) {
      assertEquals(payloadTotal[i], sentTotal[i] + residual[i], 0.0, "element " + i);
    }
  }

  @Test
  void tiesAreCutAtExactlyK() {
    TopKEncoder encoder = new TopKEncoder(8, 3);
    int[] indices = new int[3];
    float[] values = new float[3];
    encoder.select(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, indices, values);
    assertArrayEquals(new int[] {0, 1, 2}, indices);
    assertEquals(
        5f,
        (float)
            Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6, 7})
                .mapToDouble(i -> encoder.residual()[i])
                .sum());
  }

  @Test
  void kthLargestMatchesSorting() {
    Random random = new Random(11);
    for (int n = 0; n < 200; n++) {
      float[] a = new float[1 + random.nextInt(300)];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextInt(50);
      }
      float[] sorted = a.clone();
      Arrays.sort(sorted);
      int k = 1 + random.nextInt(a.length);
      assertEquals(sorted[a.length - k], TopKEncoder.kthLargest(a, k));
    }
  }

  @Test
  void rejectsKOverHalf() {
    assertThrows(IllegalArgumentException.class, () -> new TopKEncoder(10, 6));
    assertThrows(IllegalArgumentException.class, () -> new TopKEncoder(1, 1));
    assertEquals(1, TopKEncoder.kFor(10, 0.01));
    assertEquals(41, TopKEncoder.kFor(4096, 0.01));
  }

  @Test
  void discardLastRestoresTheResidualBitForBitAndKeepsEarlierLeftovers() {
    TopKEncoder encoder = new TopKEncoder(6, 2);
    int[] indices = new int[2];
    float[] values = new float[2];
    encoder.select(new float[] {1f, -5f, 2f, 4f, 0f, -3f}, indices, values);
    float[] kept = encoder.residual();
    encoder.select(new float[] {0.1f, 7f, -0.3f, 0f, 9f, 0.7f}, indices, values);
    encoder.discardLast();
    assertArrayEquals(kept, encoder.residual(), "the refused payload's leftover is gone");
    encoder.discardLast();
    assertArrayEquals(kept, encoder.residual(), "a second discard takes nothing more back");
  }
}
