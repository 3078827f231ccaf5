package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each built-in's server half against its formula written out element by element, on a shard of a
 * few thousand floats with payload values that make the divisions round; and the length checks
 * every merge runs before touching the shard.
 */
class ElementwiseMergeTest {

  private static final int LENGTH = 2 * 1024 + 37;
  private static final int N = 3;
  private static final long S = 4;

  /** The math of each built-in, one element at a time: {o, p, v} -> {o', v'}. */
  interface Formula {
    float[] apply(float o, float p, float v);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(new DeltaSum(), (Formula) (o, p, v) -> new float[] {o + p, v}),
        Arguments.of(new ModelAveraging(), (Formula) (o, p, v) -> new float[] {o + p / 3f, v}),
        Arguments.of(
            new StalenessAwareDelta(),
            (Formula) (o, p, v) -> new float[] {o + p / (float) (5.0 / 3), v}),
        Arguments.of(new ElasticAveraging(), (Formula) (o, p, v) -> new float[] {o + p, v}),
        Arguments.of(new MovingMean(), (Formula) (o, p, v) -> new float[] {(2f * o + p) / 3f, v}),
        Arguments.of(new Replace(), (Formula) (o, p, v) -> new float[] {p, v}),
        Arguments.of(
            new ServerMomentum(),
            (Formula)
                (o, p, v) -> {
                  float velocity = 0.5f * v + p;
                  return new float[] {o + velocity, velocity};
                }));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void mergeMatchesTheFormula(Combiner combiner, Formula formula) {
    SplittableRandom random = new SplittableRandom(11);
    float[] value = new float[LENGTH];
    float[] payload = new float[LENGTH];
    for (int i = 0; i < value.length; i++) {
      value[i] = random.nextInt(-50, 51);
      payload[i] = random.nextInt(-50, 51) / 8f;
    }
    float[] expected = value.clone();
    float[] velocity = new float[LENGTH];
    CombinerState state = new CombinerState(LENGTH);
    for (int merge = 0; merge < 2; merge++) {
      combiner.merge(value, payload, MergeContext.of(S, N, 1, state));
      for (int i = 0; i < LENGTH; i++) {
        float[] next = formula.apply(expected[i], payload[i], velocity[i]);
        expected[i] = next[0];
        velocity[i] = next[1];
      }
    }
    assertArrayEquals(expected, value);
    if (combiner instanceof ServerMomentum) {
      assertArrayEquals(velocity, state.buffer(ServerMomentum.VELOCITY_BUFFER));
    }
  }

  @ParameterizedTest
  @MethodSource("rules")
  void refusesAPayloadOfAnotherLengthWithoutTouchingTheShard(Combiner combiner, Formula unused) {
    for (int workers : new int[] {1, N}) {
      float[] value = {1f, 2f, 3f};
      CombinerState state = new CombinerState(3);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> combiner.merge(value, new float[4], MergeContext.of(S, workers, 0, state)));
      assertEquals("payload slice must match the shard: expected 3 floats, got 4", e.getMessage());
      assertArrayEquals(new float[] {1f, 2f, 3f}, value);
      state.buffers().values().forEach(buffer -> assertArrayEquals(new float[3], buffer));
    }
  }

  @Test
  void emptyShardIsANoOp() {
    float[] empty = new float[0];
    new DeltaSum().merge(empty, new float[0], TestContexts.context(0, 1, 0));
    assertEquals(0, empty.length);
  }

  @Test
  void kernelRunsOnceOverTheWholeArrays() {
    float[] value = new float[5];
    float[] payload = {1f, 0f, 0f, 0f, 2f};
    int[] calls = {0};
    ElementwiseMerge.apply(
        value,
        payload,
        (v, p) -> {
          calls[0]++;
          assertSame(value, v);
          assertSame(payload, p);
          for (int i = 0; i < v.length; i++) {
            v[i] += p[i];
          }
        });
    assertEquals(1, calls[0]);
    assertArrayEquals(new float[] {1f, 0f, 0f, 0f, 2f}, value);
  }
}
