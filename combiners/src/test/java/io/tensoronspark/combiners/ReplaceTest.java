package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplaceTest {

  private final Combiner combiner = new Replace();

  @Test
  void workerSendsItsValues() {
    float[] payload = new float[2];
    combiner.preparePayload(new float[] {3f, 4f}, new float[] {1f, 1f}, payload);
    assertArrayEquals(new float[] {3f, 4f}, payload);
  }

  @Test
  void serverTakesThePayloadBitForBit() {
    float[] value = {1f, 2f, 3f};
    combiner.merge(value, new float[] {-0f, Float.NaN, 1e-45f}, context(7, 3, 3));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(value[0]));
    assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(value[1]));
    assertEquals(1e-45f, value[2]);
  }

  @Test
  void lastWriterWins() {
    float[] value = {0f, 0f};
    combiner.merge(value, new float[] {1f, 2f}, context(0, 2, 2));
    combiner.merge(value, new float[] {5f, 6f}, context(1, 2, 2));
    assertArrayEquals(new float[] {5f, 6f}, value);
  }

  @Test
  void nameAndToString() {
    assertEquals("replace", combiner.name());
    assertEquals("replace", combiner.toString());
  }
}
