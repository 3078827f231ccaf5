package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerMomentumTest {

  @Test
  void velocityAccumulatesAcrossMerges() {
    Combiner combiner = new ServerMomentum();
    CombinerState state = new CombinerState(2);
    MergeContext context = MergeContext.of(0, 2, 0, state);
    float[] value = {1f, 1f};

    combiner.merge(value, new float[] {2f, -4f}, context);
    // v = 0.5 * 0 + p = {2, -4}; o = {3, -3}
    assertArrayEquals(new float[] {3f, -3f}, value);

    combiner.merge(value, new float[] {2f, 0f}, context);
    // v = 0.5 * {2, -4} + {2, 0} = {3, -2}; o = {6, -5}
    assertArrayEquals(new float[] {6f, -5f}, value);
    assertArrayEquals(new float[] {3f, -2f}, state.buffer(ServerMomentum.VELOCITY_BUFFER));
    assertSame(state.buffer("velocity"), state.buffers().get("velocity"));
  }

  @Test
  void momentumIsConfigurable() {
    Combiner combiner = new ServerMomentum(0.25f);
    CombinerState state = new CombinerState(1);
    float[] value = {0f};
    combiner.merge(value, new float[] {4f}, MergeContext.of(0, 1, 0, state));
    combiner.merge(value, new float[] {1f}, MergeContext.of(0, 1, 0, state));
    // v1 = 4, o = 4; v2 = 0.25 * 4 + 1 = 2, o = 6
    assertArrayEquals(new float[] {6f}, value);
  }

  @Test
  void shardsKeepSeparateVelocities() {
    Combiner combiner = new ServerMomentum();
    CombinerState first = new CombinerState(2);
    CombinerState second = new CombinerState(2);
    float[] firstValue = {0f, 0f};
    float[] secondValue = {0f, 0f};
    combiner.merge(firstValue, new float[] {8f, 8f}, MergeContext.of(0, 1, 0, first));
    combiner.merge(firstValue, new float[] {8f, 8f}, MergeContext.of(0, 1, 0, first));
    combiner.merge(secondValue, new float[] {1f, -1f}, MergeContext.of(0, 1, 0, second));
    // the second shard starts from zero velocity: v = {1, -1}, untouched by the first shard's {12,
    // 12}.
    assertArrayEquals(new float[] {1f, -1f}, secondValue);
    assertArrayEquals(new float[] {1f, -1f}, second.buffer(ServerMomentum.VELOCITY_BUFFER));
    assertArrayEquals(new float[] {12f, 12f}, first.buffer(ServerMomentum.VELOCITY_BUFFER));
    assertArrayEquals(new float[] {20f, 20f}, firstValue);
  }

  @Test
  void refusesStateOfAnotherLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ServerMomentum()
                    .merge(
                        new float[2],
                        new float[2],
                        MergeContext.of(0, 1, 0, new CombinerState(3))));
    assertEquals("buffer must match the shard: expected 2 floats, got 3", e.getMessage());
  }

  /**
   * The stability claim behind DEFAULT_MOMENTUM, on the exact protocol: 4 workers on f(x) = x^2 /
   * 2, each local round moving its base by -c * B (c = 0.05) and pushing from a base one round
   * stale.
   */
  @Test
  void defaultMomentumConvergesWhereNinetyPercentDiverges() {
    assertTrue(Math.abs(finalValue(new ServerMomentum(), 4, 0.05f, 4000)) < 1e-6f);
    float diverged = finalValue(new ServerMomentum(0.9f), 4, 0.05f, 4000);
    assertFalse(Math.abs(diverged) < 1e6f, "mu 0.9 with 4 workers should diverge, got " + diverged);
  }

  private static float finalValue(Combiner momentum, int workers, float c, int pushes) {
    CombinerState state = new CombinerState(1);
    float[] value = {1f};
    float[][] base = new float[workers][];
    for (int w = 0; w < workers; w++) {
      base[w] = value.clone();
    }
    float[] payload = new float[1];
    for (int push = 0; push < pushes; push++) {
      int w = push % workers;
      float[] local = {base[w][0] - c * base[w][0]};
      momentum.preparePayload(local, base[w], payload);
      momentum.merge(value, payload, MergeContext.of(workers - 1, workers, w, state));
      momentum.afterReply(local, base[w], payload, value.clone());
    }
    return Float.isFinite(value[0]) ? value[0] : Float.POSITIVE_INFINITY;
  }

  @Test
  void refusesMomentumOutsideZeroToOne() {
    assertEquals(
        "momentum must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new ServerMomentum(1f)).getMessage());
    assertEquals(
        "momentum must be in [0, 1), got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new ServerMomentum(-0.1f)).getMessage());
    assertEquals(
        "momentum must be in [0, 1), got NaN",
        assertThrows(IllegalArgumentException.class, () -> new ServerMomentum(Float.NaN))
            .getMessage());
    assertEquals(0f, new ServerMomentum(0f).momentum());
  }

  @Test
  void nameToStringAndEquality() {
    assertEquals("server-momentum", new ServerMomentum().name());
    assertEquals("server-momentum(momentum=0.5)", new ServerMomentum().toString());
    assertEquals(0.5f, ServerMomentum.DEFAULT_MOMENTUM);
    assertEquals(new ServerMomentum(0.75f), new ServerMomentum(0.75f));
    assertFalse(new ServerMomentum(0.75f).equals(new ServerMomentum()));
  }
}
