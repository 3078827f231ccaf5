package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MovingMeanTest {

  private final Combiner combiner = new MovingMean();

  @Test
  void workerSendsItsValues() {
    float[] payload = new float[2];
    combiner.preparePayload(new float[] {3f, 4f}, new float[] {1f, 1f}, payload);
    assertArrayEquals(new float[] {3f, 4f}, payload);
  }

  @Test
  void serverWeighsThePushOneNth() {
    float[] value = {3f, 0f, 1f, 1f};
    combiner.merge(value, new float[] {6f, 3f, 1f, 3f}, context(0, 3, 4));
    // (2*3 + 6)/3 = 4, (0 + 3)/3 = 1, (2 + 1)/3 = 1, (2*1 + 3)/3 = 5/3 rounded to the nearest float
    // (0x3FD55555).
    assertArrayEquals(new float[] {4f, 1f, 1f, 1.6666666f}, value);
    // Multiplying the sum by a rounded 1/3 would not give that.
    assertNotEquals(value[3], (2f * 1f + 3f) * (1f / 3f));
  }

  @Test
  void twoWorkersAverage() {
    float[] value = {1f, -4f};
    combiner.merge(value, new float[] {2f, 4f}, context(0, 2, 2));
    assertArrayEquals(new float[] {1.5f, 0f}, value);
  }

  @Test
  void oneWorkerCopiesEvenOverANonFiniteValue() {
    float[] value = {Float.NaN, Float.POSITIVE_INFINITY, 5f};
    combiner.merge(value, new float[] {2f, 7f, -0f}, context(0, 1, 3));
    assertArrayEquals(new float[] {2f, 7f, -0f}, value);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(value[2]));
  }

  @Test
  void workersPushingTheSameValuesConvergeToThem() {
    float[] value = {0f};
    for (int push = 0; push < 200; push++) {
      combiner.merge(value, new float[] {8f}, context(0, 4, 1));
    }
    // Within rounding: float arithmetic settles a few ulps below 8 (3 * 7.999999 rounds down
    // again).
    assertEquals(8f, value[0], 4e-6f);
  }

  @Test
  void refusesAWorkerCountBelowOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                combiner.merge(
                    new float[1],
                    new float[1],
                    TestContexts.unchecked(0, -2, new CombinerState(1))));
    assertEquals("workerCount must be >= 1, got -2", e.getMessage());
  }

  @Test
  void nameAndToString() {
    assertEquals("moving-mean", combiner.name());
    assertEquals("moving-mean", combiner.toString());
  }
}
