package io.tensoronspark.combiners;

import static io.tensoronspark.combiners.TestContexts.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElasticAveragingTest {

  @Test
  void oneExchangeMovesCenterAndWorkerTowardsEachOther() {
    Combiner combiner = new ElasticAveraging(0.5f);
    float[] local = {3f, 1f, -2f};
    float[] base = {1f, 1f, 2f};
    float[] payload = new float[3];
    combiner.preparePayload(local, base, payload);
    // E = 0.5 * (W - B)
    assertArrayEquals(new float[] {1f, 0f, -2f}, payload);

    // another worker moved the center since this one pulled: it is {2, 1, 2} now.
    float[] center = {2f, 1f, 2f};
    combiner.merge(center, payload, context(1, 2, 3));
    assertArrayEquals(new float[] {3f, 1f, 0f}, center);

    combiner.afterReply(local, base, payload, center.clone());
    // the worker keeps W - E, not the center; its next base is the new center.
    assertArrayEquals(new float[] {2f, 1f, 0f}, local);
    assertArrayEquals(new float[] {3f, 1f, 0f}, base);
  }

  @Test
  void defaultAlphaScalesTheDifference() {
    Combiner combiner = new ElasticAveraging();
    assertEquals(0.1f, ElasticAveraging.DEFAULT_ALPHA);
    float[] payload = new float[2];
    combiner.preparePayload(new float[] {2f, 11f}, new float[] {1f, 1f}, payload);
    // 0.1f * 1 is 0.1f itself; 0.1f * 10 = 1.00000001490116... rounds to 1.
    assertArrayEquals(new float[] {0.1f, 1f}, payload);
  }

  /**
   * The stability claim behind DEFAULT_ALPHA, on the exact protocol: 8 idle workers, bases one
   * round stale.
   */
  @Test
  void defaultAlphaBringsEightWorkersToConsensusWhereHalfDiverges() {
    assertTrue(spreadAfterRounds(new ElasticAveraging(), 8, 200) < 1e-4f);
    float diverged = spreadAfterRounds(new ElasticAveraging(0.5f), 8, 200);
    assertFalse(diverged < 1e3f, "alpha 0.5 with 8 workers should diverge, spread " + diverged);
  }

  /** Round-robin exchanges without training; returns max |W_i - center| at the end. */
  private static float spreadAfterRounds(Combiner easgd, int workers, int rounds) {
    SplittableRandom random = new SplittableRandom(7);
    float[] center = {0f};
    float[][] local = new float[workers][];
    float[][] base = new float[workers][];
    for (int w = 0; w < workers; w++) {
      local[w] = new float[] {(float) (random.nextDouble() * 2 - 1)};
      base[w] = center.clone();
    }
    float[] payload = new float[1];
    for (int round = 0; round < rounds; round++) {
      for (int w = 0; w < workers; w++) {
        easgd.preparePayload(local[w], base[w], payload);
        easgd.merge(center, payload, context(workers - 1, workers, 1));
        easgd.afterReply(local[w], base[w], payload, center.clone());
      }
    }
    float spread = 0f;
    for (float[] w : local) {
      spread = Math.max(spread, Math.abs(w[0] - center[0]));
    }
    return Float.isFinite(spread) ? spread : Float.POSITIVE_INFINITY;
  }

  @Test
  void refusesAlphaOutsideZeroToOne() {
    assertEquals(
        "alpha must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new ElasticAveraging(1.5f))
            .getMessage());
    assertEquals(
        "alpha must be in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new ElasticAveraging(0f)).getMessage());
    assertEquals(
        "alpha must be in (0, 1], got NaN",
        assertThrows(IllegalArgumentException.class, () -> new ElasticAveraging(Float.NaN))
            .getMessage());
    assertEquals(1f, new ElasticAveraging(1f).alpha());
  }

  @Test
  void nameToStringAndEquality() {
    ElasticAveraging combiner = new ElasticAveraging(0.25f);
    assertEquals("easgd", combiner.name());
    assertEquals("easgd(alpha=0.25)", combiner.toString());
    assertEquals("easgd(alpha=0.1)", new ElasticAveraging().toString());
    assertEquals(new ElasticAveraging(0.25f), combiner);
    assertEquals(new ElasticAveraging(0.25f).hashCode(), combiner.hashCode());
    assertFalse(combiner.equals(new ElasticAveraging()));
  }
}
