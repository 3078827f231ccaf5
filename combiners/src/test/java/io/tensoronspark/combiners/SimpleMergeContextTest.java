package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimpleMergeContextTest {

  @Test
  void holdsItsValues() {
    CombinerState state = new CombinerState(4);
    MergeContext context = MergeContext.of(3, 5, 2, state);
    assertEquals(3, context.staleness());
    assertEquals(5, context.workerCount());
    assertEquals(2, context.workerId());
    assertSame(state, context.state());
    assertTrue(
        context
            .toString()
            .startsWith("SimpleMergeContext[staleness=3, workerCount=5, workerId=2, state="),
        context.toString());
  }

  @Test
  void acceptsAnUnknownWorker() {
    assertEquals(
        -1,
        MergeContext.of(0, 1, SimpleMergeContext.UNKNOWN_WORKER, new CombinerState(0)).workerId());
  }

  @Test
  void refusesImpossibleValues() {
    CombinerState state = new CombinerState(1);
    assertEquals(
        "staleness must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> MergeContext.of(-1, 1, 0, state))
            .getMessage());
    assertEquals(
        "workerCount must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> MergeContext.of(0, 0, 0, state))
            .getMessage());
    assertEquals(
        "workerId must be >= 0 (or -1 when unknown), got -2",
        assertThrows(IllegalArgumentException.class, () -> MergeContext.of(0, 1, -2, state))
            .getMessage());
    assertThrows(NullPointerException.class, () -> MergeContext.of(0, 1, 0, null));
  }
}
