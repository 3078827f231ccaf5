package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CombinerStateTest {

  @Test
  void buffersAreCreatedZeroedOnceAndCountersDefaultToZero() {
    CombinerState state = new CombinerState(3);
    float[] velocity = state.buffer("velocity");
    assertArrayEquals(new float[3], velocity);
    velocity[1] = 2f;
    assertSame(velocity, state.buffer("velocity"));
    assertEquals(0L, state.counter("merges"));
    state.setCounter("merges", 7);
    assertEquals(7L, state.counter("merges"));
    assertEquals(3, state.length());
    assertEquals(1, state.buffers().size());
    assertEquals(
        "CombinerState[length=3, buffers=[velocity], counters={merges=7}]", state.toString());
  }

  @Test
  void refusesNegativeLength() {
    assertEquals(
        "shard length must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new CombinerState(-1)).getMessage());
  }
}
