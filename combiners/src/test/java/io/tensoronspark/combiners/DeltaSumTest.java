package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeltaSumTest {

  private final Combiner combiner = new DeltaSum();

  @Test
  void workerSendsDeltaAgainstItsBase() {
    float[] payload = new float[3];
    combiner.preparePayload(new float[] {3f, 2f, -1f}, new float[] {1f, 2f, 1f}, payload);
    assertArrayEquals(new float[] {2f, 0f, -2f}, payload);
  }

  @Test
  void serverAddsThePayload() {
    float[] value = {1f, 2f, 3f};
    combiner.merge(value, new float[] {0.5f, -2f, 4f}, context(5, 3, 3));
    assertArrayEquals(new float[] {1.5f, 0f, 7f}, value);
  }

  @Test
  void workerTakesTheMergedValue() {
    float[] local = {9f, 9f};
    float[] base = {1f, 1f};
    combiner.afterReply(local, base, new float[] {8f, 8f}, new float[] {4f, 5f});
    assertArrayEquals(new float[] {4f, 5f}, local);
    assertArrayEquals(new float[] {4f, 5f}, base);
  }

  @Test
  void refusesAPayloadOfAnotherLengthWithoutTouchingTheValue() {
    float[] value = {1f, 2f, 3f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> combiner.merge(value, new float[5], context(0, 1, 3)));
    assertEquals("payload slice must match the shard: expected 3 floats, got 5", e.getMessage());
    assertArrayEquals(new float[] {1f, 2f, 3f}, value);
  }

  @Test
  void nameAndToString() {
    assertEquals("delta-sum", combiner.name());
    assertEquals("delta-sum", combiner.toString());
    assertEquals(DeltaSum.class, Combiners.defaultCombiner().getClass());
  }
}
