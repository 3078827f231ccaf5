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

  @Test
  void payloadBuffersAreSplitLikeTheShardsAndMergeLikeWholeArrays() {
    ParameterStore chunked = store();
    FloatChunks[] buffers = chunked.newPayloadBuffers();
    assertEquals(3, buffers[0].chunkCount(), "10 floats in shards of 4: 4 + 4 + 2");
    assertEquals(2, buffers[0].chunk(2).length);
    assertEquals(1, buffers[1].chunkCount());
    buffers[0].put(FloatBuffer.wrap(ramp(10, 1)), 0, 10);
    buffers[1].put(FloatBuffer.wrap(ramp(3, -5)), 0, 3);
    chunked.merge(buffers, 0, 0, IGNORE);
    chunked.merge(buffers, 0, 0, IGNORE);

    ParameterStore whole = store();
    float[][] arrays = {ramp(10, 1), ramp(3, -5)};
    whole.merge(arrays, 0, 0, IGNORE);
    whole.merge(arrays, 0, 0, IGNORE);
    assertEquals(2, chunked.version());
    for (int p = 0; p < 2; p++) {
      assertArrayEquals(whole.snapshot().values(p), chunked.snapshot().values(p));
    }
    assertEquals(20f, chunked.snapshot().values(0)[9]);
  }

  @Test
  void payloadsSplitInAnotherLayoutAreRefused() {
    ParameterStore store = store();
    FloatChunks[] misaligned = {FloatChunks.allocate(10, 3), FloatChunks.allocate(3, 4)};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.merge(misaligned, 0, 0, IGNORE));
    assertEquals(
        "payload 0 must hold 10 floats in one chunk or in chunks of 4, got 10 floats in chunks of 3",
        e.getMessage());
    assertEquals(0, store.version());
  }
}
