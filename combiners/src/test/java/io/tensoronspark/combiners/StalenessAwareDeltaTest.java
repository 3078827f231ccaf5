package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StalenessAwareDeltaTest {

  private final Combiner combiner = new StalenessAwareDelta();

  @Test
  void freshDeltaIsAddedInFull() {
    float[] value = {1f, 2f};
    combiner.merge(value, new float[] {4f, -6f}, 0, context(0, 8, 2));
    assertArrayEquals(new float[] {5f, -4f}, value);
  }

  @Test
  void staleDeltaIsDividedByStalenessPlusOne() {
    float[] value = {1f, 2f};
    combiner.merge(value, new float[] {4f, -6f}, 0, context(3, 8, 2));
    // 4/4 = 1, -6/4 = -1.5
    assertArrayEquals(new float[] {2f, 0.5f}, value);

    float[] other = {0f, 0f};
    combiner.merge(other, new float[] {5f, 7f}, 0, context(2, 8, 2));
    // 5/3 and 7/3 rounded to the nearest float (0x3FD55555, 0x40155555); 7 * (1/3f) would give
    // 2.3333335.
    assertArrayEquals(new float[] {1.6666666f, 2.3333333f}, other);
    assertEquals(0x40155555, Float.floatToIntBits(other[1]));
  }

  @Test
  void workerCountDoesNotMatter() {
    float[] a = {0f};
    float[] b = {0f};
    combiner.merge(a, new float[] {6f}, 0, context(1, 1, 1));
    combiner.merge(b, new float[] {6f}, 0, context(1, 50, 1));
    assertArrayEquals(new float[] {3f}, a);
    assertArrayEquals(new float[] {3f}, b);
  }

  @Test
  void mergesASliceAtAnOffset() {
    float[] value = {0f, 0f};
    combiner.merge(value, new float[] {1f, 8f, 4f}, 1, context(1, 2, 2));
    assertArrayEquals(new float[] {4f, 2f}, value);
  }

  @Test
  void refusesNegativeStaleness() {
    float[] value = {1f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                combiner.merge(
                    value,
                    new float[] {1f},
                    0,
                    TestContexts.unchecked(-1, 1, new CombinerState(1))));
    assertEquals("staleness must be >= 0, got -1", e.getMessage());
  }

  @Test
  void nameAndToString() {
    assertEquals("dynsgd", combiner.name());
    assertEquals("dynsgd", combiner.toString());
  }
}
