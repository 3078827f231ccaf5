package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shards merged at a payload offset go through {@link ElementwiseMerge}'s staging; these check it
 * against the combiners' formulas written out element by element, on shards spanning several
 * stages, with payload values that make the divisions round.
 */
class ElementwiseMergeTest {

  private static final int LENGTH = 2 * ElementwiseMerge.STAGE_FLOATS + 37;
  private static final int OFFSET = 3 * ElementwiseMerge.STAGE_FLOATS + 5;
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
  void offsetSliceAcrossStagesMatchesTheFormula(Combiner combiner, Formula formula) {
    SplittableRandom random = new SplittableRandom(11);
    float[] value = new float[LENGTH];
    float[] payload = new float[OFFSET + LENGTH + 9];
    for (int i = 0; i < value.length; i++) {
      value[i] = random.nextInt(-50, 51);
    }
    for (int i = 0; i < payload.length; i++) {
      payload[i] = random.nextInt(-50, 51) / 8f;
    }
    float[] expected = value.clone();
    float[] velocity = new float[LENGTH];
    CombinerState state = new CombinerState(LENGTH);
    for (int merge = 0; merge < 2; merge++) {
      combiner.merge(value, payload, OFFSET, MergeContext.of(S, N, 1, state));
      for (int i = 0; i < LENGTH; i++) {
        float[] next = formula.apply(expected[i], payload[OFFSET + i], velocity[i]);
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
  void offsetAndInPlaceMergesAgreeBitForBit(Combiner combiner, Formula unused) {
    SplittableRandom random = new SplittableRandom(5);
    float[] slice = new float[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      slice[i] = (float) random.nextGaussian();
    }
    float[] padded = new float[OFFSET + LENGTH];
    System.arraycopy(slice, 0, padded, OFFSET, LENGTH);
    float[] atZero = new float[LENGTH];
    float[] atOffset = new float[LENGTH];
    CombinerState zeroState = new CombinerState(LENGTH);
    CombinerState offsetState = new CombinerState(LENGTH);
    for (int merge = 0; merge < 3; merge++) {
      combiner.merge(atZero, slice, 0, MergeContext.of(S, N, 0, zeroState));
      combiner.merge(atOffset, padded, OFFSET, MergeContext.of(S, N, 0, offsetState));
    }
    assertArrayEquals(atZero, atOffset);
  }

  @Test
  void emptyShardAtTheEndOfThePayloadIsANoOp() {
    float[] empty = new float[0];
    new DeltaSum().merge(empty, new float[4], 4, TestContexts.context(0, 1, 0));
    assertEquals(0, empty.length);
  }

  @Test
  void kernelSeesAlignedStagesWhenOffset() {
    float[] value = new float[ElementwiseMerge.STAGE_FLOATS + 1];
    float[] payload = new float[value.length + 2];
    payload[2] = 1f;
    payload[payload.length - 1] = 2f;
    int[] calls = {0};
    ElementwiseMerge.apply(
        value,
        payload,
        2,
        (v, p, n) -> {
          calls[0]++;
          for (int i = 0; i < n; i++) {
            v[i] += p[i];
          }
        });
    assertEquals(2, calls[0]);
    assertEquals(1f, value[0]);
    assertEquals(2f, value[value.length - 1]);
  }

  @Test
  void refusesANegativeOffset() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DeltaSum()
                    .merge(new float[2], new float[4], -1, TestContexts.context(0, 1, 2)));
    assertEquals(
        "payload slice out of range: expected 2 floats from offset -1 (offset in [0, 2]), got a payload of 4 floats",
        e.getMessage());
  }
}
