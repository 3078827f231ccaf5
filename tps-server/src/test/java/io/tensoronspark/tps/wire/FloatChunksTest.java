package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FloatChunksTest {

  @Test
  void chunksSplitElementsAtTheChunkSizeAndBulkCopiesCrossBoundaries() {
    FloatChunks chunks = FloatChunks.allocate(10, 4);
    assertEquals(3, chunks.chunkCount());
    assertEquals(2, chunks.chunk(2).length, "the last chunk holds the rest");
    float[] source = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    FloatBuffer in = FloatBuffer.wrap(source, 1, 9);
    chunks.put(in, 1, 9);
    assertEquals(10, in.position(), "put advances the source");
    assertArrayEquals(new float[] {0, 1, 2, 3}, chunks.chunk(0));
    assertArrayEquals(new float[] {4, 5, 6, 7}, chunks.chunk(1));
    assertArrayEquals(new float[] {8, 9}, chunks.chunk(2));
    assertEquals(6f, chunks.get(6));
    chunks.chunk(2)[1] = Float.NaN;
    chunks.chunk(1)[0] = Float.POSITIVE_INFINITY;
    assertEquals(4, chunks.firstNonFinite(1, 10));
    assertEquals(9, chunks.firstNonFinite(5, 10));
    assertEquals(-1, chunks.firstNonFinite(5, 9));
    chunks.zero(6);
    chunks.scale(2f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 12, 14, 16, Float.NaN}, chunks.toArray());
    assertThrows(IllegalArgumentException.class, () -> FloatChunks.allocate(5, 0));
  }

  @Test
  void aWrappedArrayIsOneChunkAndWritesThrough() {
    float[] array = new float[5];
    FloatChunks wrapped = FloatChunks.wrap(array);
    assertEquals(1, wrapped.chunkCount());
    assertSame(array, wrapped.chunk(0));
    wrapped.put(FloatBuffer.wrap(new float[] {1, 2}), 3, 2);
    assertArrayEquals(new float[] {0, 0, 0, 1, 2}, array);
  }

  /**
   * Decoding into chunks (7 floats, so boundaries fall anywhere) gives what decoding into one array
   * gives.
   */
  @ParameterizedTest
  @EnumSource(PayloadEncoding.class)
  void everyEncodingDecodesIntoChunksAsIntoOneArray(PayloadEncoding encoding) throws Exception {
    List<ParameterSpec> specs =
        List.of(
            new ParameterSpec("a", new long[] {100}),
            new ParameterSpec("b", new long[] {7}),
            new ParameterSpec("c", new long[] {3}));
    Random random = new Random(encoding.ordinal());
    float[][] payloads = {new float[100], new float[7], new float[3]};
    for (float[] p : payloads) {
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextInt(400) - 200;
      }
    }
    ByteBuffer frame =
        new PushFrameEncoder(specs, encoding, 0.3)
            .encode(new FrameHeader((short) 0, 1, 0, 1, 1, 0, 3), payloads);
    float[][] whole = {new float[100], new float[7], new float[3]};
    new FrameReader(specs).readParameters(frame, whole);
    FloatChunks[] chunked = {
      FloatChunks.allocate(100, 7), FloatChunks.allocate(7, 7), FloatChunks.allocate(3, 7)
    };
    for (FloatChunks c : chunked) {
      c.scale(Float.NaN); // stale contents from an earlier request must not survive
    }
    new FrameReader(specs).readParameters(frame, chunked);
    for (int p = 0; p < 3; p++) {
      assertArrayEquals(whole[p], chunked[p].toArray(), "parameter " + p);
    }
    if (encoding == PayloadEncoding.F32) {
      FloatChunks[] streamed = {
        FloatChunks.allocate(100, 7), FloatChunks.allocate(7, 7), FloatChunks.allocate(3, 7)
      };
      DenseFrameDecoder dense = new DenseFrameDecoder(specs, true);
      dense.reset(streamed);
      dense.advance(frame, frame.limit());
      assertTrue(dense.isComplete(frame.limit()));
      assertArrayEquals(whole[0], streamed[0].toArray());
    }
  }
}
