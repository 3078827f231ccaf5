package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelAveragingTest {

  private final Combiner combiner = new ModelAveraging();

  @Test
  void serverAddsOneNthOfThePayloadWithACorrectlyRoundedDivision() {
    float[] value = {0f, 1f, 10f};
    combiner.merge(value, new float[] {5f, 3f, -6f}, context(0, 3, 3));
    // 5/3 = 1.666..., between the floats 1.66666663 (0x3FD55555) and 1.66666675 (0x3FD55556): the
    // nearer is the first.
    assertArrayEquals(new float[] {1.6666666f, 2f, 8f}, value);
    assertEquals(0x3FD55555, Float.floatToIntBits(value[0]));
    // Multiplying by a rounded 1/3 would give the other neighbour: this test tells the two apart.
    assertNotEquals(value[0], 5f * (1f / 3f));
  }

  @Test
  void workerSendsDeltaAndTakesTheMergedValue() {
    float[] payload = new float[2];
    combiner.preparePayload(new float[] {4f, 1f}, new float[] {1f, 2f}, payload);
    assertArrayEquals(new float[] {3f, -1f}, payload);
    float[] local = {4f, 1f};
    float[] base = {1f, 2f};
    combiner.afterReply(local, base, payload, new float[] {7f, 8f});
    assertArrayEquals(new float[] {7f, 8f}, local);
    assertArrayEquals(new float[] {7f, 8f}, base);
  }

  @Test
  void workersPushingOnceFromOneBaseLeaveTheMeanOfTheirModels() {
    float[] base = {0f, 12f};
    float[] value = base.clone();
    float[][] models = {{3f, 0f}, {6f, 12f}, {9f, 24f}};
    for (float[] model : models) {
      float[] payload = new float[2];
      combiner.preparePayload(model, base, payload);
      combiner.merge(value, payload, context(0, 3, 2));
    }
    // mean of 3, 6, 9 is 6; mean of 0, 12, 24 is 12 (deltas -12, 0, 12 divide by 3 exactly).
    assertArrayEquals(new float[] {6f, 12f}, value);
  }

  @Test
  void refusesAWorkerCountBelowOne() {
    float[] value = {1f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                combiner.merge(
                    value, new float[] {1f}, TestContexts.unchecked(0, 0, new CombinerState(1))));
    assertEquals("workerCount must be >= 1, got 0", e.getMessage());
    assertArrayEquals(new float[] {1f}, value);
  }

  @Test
  void nameAndToString() {
    assertEquals("model-averaging", combiner.name());
    assertEquals("model-averaging", combiner.toString());
  }
}
