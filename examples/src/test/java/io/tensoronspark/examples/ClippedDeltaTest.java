package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensoronspark.combiners.CombinerState;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.combiners.MergeContext;
import org.junit.jupiter.api.Test;

class ClippedDeltaTest {

  @Test
  void clipsEachElementOfTheDeltaOnTheServer() {
    float[] value = {0f, 0f, 0f, 10f};
    float[] payload = {0.5f, -3f, -0.25f, 7f};
    new ClippedDelta(1f).merge(value, payload, context());
    assertArrayEquals(new float[] {0.5f, -1f, -0.25f, 11f}, value, 0f);
  }

  @Test
  void isFoundByNameThroughServiceLoader() {
    assertInstanceOf(ClippedDelta.class, Combiners.byName("clipped-delta"));
    assertEquals("clipped-delta(clip=1.0)", Combiners.byName("clipped-delta").toString());
  }

  @Test
  void rejectsANonPositiveClip() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ClippedDelta(0f));
    assertEquals("clip must be a positive finite number, got 0.0", e.getMessage());
  }

  private static MergeContext context() {
    return MergeContext.of(0, 2, 0, new CombinerState(4));
  }
}
