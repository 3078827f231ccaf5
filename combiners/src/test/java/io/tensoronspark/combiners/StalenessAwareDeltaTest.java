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
    combiner.merge(value, new float[] {4f, -6f}, context(0, 8, 2));
    assertArrayEquals(new float[] {5f, -4f}, value);
  }

  @Test
  void oneWorkerDividesByStalenessPlusOne() {
    float[] value = {1f, 2f};
    combiner.merge(value, new float[] {4f, -6f}, context(3, 1, 2));
    // 4/4 = 1, -6/4 = -1.5
    assertArrayEquals(new float[] {2f, 0.5f}, value);

    float[] other = {0f, 0f};
    combiner.merge(other, new float[] {5f, 7f}, context(2, 1, 2));
    // 5/3 and 7/3 rounded to the nearest float (0x3FD55555, 0x40155555); 7 * (1/3f) would give
    // 2.3333335.
    assertArrayEquals(new float[] {1.6666666f, 2.3333333f}, other);
    assertEquals(0x40155555, Float.floatToIntBits(other[1]));
  }

  @Test
  void deltaAtMostOneRoundOldIsAddedInFull() {
    // 4 workers: up to 3 other pushes since the pull are the same round.
    for (long staleness = 0; staleness < 4; staleness++) {
      float[] value = {1f, 2f};
      combiner.merge(value, new float[] {4f, -6f}, context(staleness, 4, 2));
      assertArrayEquals(new float[] {5f, -4f}, value, "staleness " + staleness);
    }
  }

  @Test
  void olderDeltaIsDividedByTheRoundsItSpans() {
    float[] value = {1f, 2f};
    // s + 1 = 8 pushes over 4 workers = 2 rounds.
    combiner.merge(value, new float[] {4f, -6f}, context(7, 4, 2));
    assertArrayEquals(new float[] {3f, -1f}, value);

    float[] other = {0f};
    // s + 1 = 5 over 3 workers: divided by the float nearest 5/3, then rounded once more.
    combiner.merge(other, new float[] {7f}, context(4, 3, 1));
    assertEquals(7f / (float) (5.0 / 3), other[0]);
    assertEquals(4.2f, other[0], 1e-6f);
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
  void refusesNegativeStaleness() {
    float[] value = {1f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                combiner.merge(
                    value, new float[] {1f}, TestContexts.unchecked(-1, 1, new CombinerState(1))));
    assertEquals("staleness must be >= 0, got -1", e.getMessage());
  }

  @Test
  void nameAndToString() {
    assertEquals("dynsgd", combiner.name());
    assertEquals("dynsgd", combiner.toString());
  }
}
