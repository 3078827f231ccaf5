package io.tensoronspark.tps.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensoronspark.combiners.DeltaSum;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.FloatChunks;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterStoreTest {

  private static final List<ParameterSpec> SPECS =
      List.of(new ParameterSpec("w", new long[] {10}), new ParameterSpec("b", new long[] {3}));
  private static final ShardSink IGNORE = (param, offset, values) -> {};

  private static ParameterStore store() {
    return new ParameterStore(
        SPECS,
        List.of(new float[10], new float[3]),
        4,
        new DeltaSum(),
        1,
        0,
        ShardMerger.sequential());
  }

  private static float[] ramp(int size, float from) {
    float[] ramp = new float[size];
    for (int i = 0; i < size; i++) {
      ramp[i] = from + i;
    }
    return ramp;
  }

  /** The store's own payload buffers, filled with {@code arrays} (one per parameter). */
  private static FloatChunks[] payloads(ParameterStore store, float[]... arrays) {
    FloatChunks[] buffers = store.newPayloadBuffers();
    for (int p = 0; p < arrays.length; p++) {
      buffers[p].put(FloatBuffer.wrap(arrays[p]), 0, arrays[p].length);
    }
    return buffers;
  }

  @Test
  void payloadBuffersAreSplitLikeTheShardsAndMergeShardByShard() {
    ParameterStore store = store();
    FloatChunks[] buffers = payloads(store, ramp(10, 1), ramp(3, -5));
    assertEquals(3, buffers[0].chunkCount(), "10 floats in shards of 4: 4 + 4 + 2");
    assertEquals(4, buffers[0].chunk(1).length);
    assertEquals(2, buffers[0].chunk(2).length);
    assertEquals(1, buffers[1].chunkCount());
    assertEquals(3, buffers[1].chunk(0).length);
    store.merge(buffers, 0, 0, IGNORE);
    store.merge(buffers, 0, 0, IGNORE);
    assertEquals(2, store.version());
    float[][] expected = {ramp(10, 1), ramp(3, -5)};
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < expected[p].length; i++) {
        expected[p][i] *= 2;
      }
      assertArrayEquals(expected[p], store.snapshot().values(p));
    }
    assertEquals(20f, store.snapshot().values(0)[9]);
  }

  @Test
  void payloadsSplitInAnotherLayoutAreRefused() {
    ParameterStore store = store();
    FloatChunks[] misaligned = {FloatChunks.allocate(10, 3), FloatChunks.allocate(3, 4)};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.merge(misaligned, 0, 0, IGNORE));
    assertEquals(
        "payload 0 must be split like the shards: expected 10 floats in chunks of 4, got 10 floats"
            + " in chunks of 3",
        e.getMessage());
    assertEquals(0, store.version());
  }

  @Test
  void wholeParameterArraysAreRefusedAndChangeNothing() {
    ParameterStore store = store();
    FloatChunks[] whole = {FloatChunks.wrap(ramp(10, 1)), FloatChunks.wrap(ramp(3, -5))};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.merge(whole, 0, 0, IGNORE));
    assertEquals(
        "payload 0 must be split like the shards: expected 10 floats in chunks of 4, got 10 floats"
            + " in chunks of 10",
        e.getMessage());
    assertEquals(0, store.version());
    assertArrayEquals(new float[10], store.snapshot().values(0));
    assertArrayEquals(new float[3], store.snapshot().values(1));
  }

  @Test
  void payloadsOfAnotherSizeAreRefused() {
    ParameterStore store = store();
    FloatChunks[] longer = {FloatChunks.allocate(12, 4), FloatChunks.allocate(3, 4)};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.merge(longer, 0, 0, IGNORE));
    assertEquals(
        "payload 0 must be split like the shards: expected 10 floats in chunks of 4, got 12 floats"
            + " in chunks of 4",
        e.getMessage());
    assertEquals(0, store.version());
  }
}
