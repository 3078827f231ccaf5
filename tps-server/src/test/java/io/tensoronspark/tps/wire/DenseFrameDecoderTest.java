package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.PayloadEncoding;
import io.tensoronspark.tps.client.PushFrameEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseFrameDecoderTest {

  private static final List<ParameterSpec> SPECS =
      List.of(
          new ParameterSpec("a", new long[] {1000}),
          new ParameterSpec("b", new long[] {1}),
          new ParameterSpec("c", new long[] {33}));
  private static final FrameHeader HEADER = new FrameHeader((short) 0, 5, 0, 1, 1, 0, 3);

  private static float[][] payloads(Random random) {
    float[][] p = {new float[1000], new float[1], new float[33]};
    for (float[] a : p) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextGaussian();
      }
    }
    return p;
  }

  /**
   * Copies the frame into a buffer piece by piece, in random chunk sizes, telling the decoder after
   * each.
   */
  private static int feed(ByteBuffer frame, DenseFrameDecoder decoder, Random random) {
    ByteBuffer arriving = ByteBuffer.allocateDirect(frame.remaining() + 16);
    ByteBuffer source = frame.duplicate();
    while (source.hasRemaining()) {
      int n = Math.min(source.remaining(), 1 + random.nextInt(700));
      ByteBuffer piece = source.slice();
      piece.limit(n);
      arriving.put(piece);
      source.position(source.position() + n);
      decoder.advance(arriving, arriving.position());
    }
    return arriving.position();
  }

  @Test
  void decodesADenseFrameArrivingInPieces() {
    Random random = new Random(5);
    for (int round = 0; round < 50; round++) {
      float[][] in = payloads(random);
      ByteBuffer frame = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(HEADER, in);
      float[][] out = {new float[1000], new float[1], new float[33]};
      DenseFrameDecoder decoder = new DenseFrameDecoder(SPECS, true);
      decoder.reset(out);
      int length = feed(frame, decoder, random);
      assertTrue(decoder.isComplete(length));
      for (int p = 0; p < 3; p++) {
        assertArrayEquals(in[p], out[p]);
      }
      assertFalse(decoder.isComplete(length + 1), "trailing bytes are not a complete dense frame");
    }
  }

  /**
   * A retried request's reply replaces what a failed attempt's reply had decoded (in part or in
   * full).
   */
  @Test
  void restartDecodesTheNextAttemptsFrameFromScratch() {
    Random random = new Random(7);
    float[][] first = payloads(random);
    float[][] second = payloads(random);
    float[][] out = {new float[1000], new float[1], new float[33]};
    DenseFrameDecoder decoder = new DenseFrameDecoder(SPECS, false);
    decoder.reset(out);
    ReceiveProgress progress = decoder;
    ByteBuffer failed = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(HEADER, first);
    progress.received(failed, failed.limit());
    progress.restart();
    ByteBuffer retried =
        new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(HEADER, second);
    int length = feed(retried, decoder, random);
    assertTrue(decoder.isComplete(length));
    for (int p = 0; p < 3; p++) {
      assertArrayEquals(second[p], out[p]);
    }
  }

  @Test
  void givesUpOnOtherEncodingsAndNonFiniteValues() {
    Random random = new Random(6);
    float[][] in = payloads(random);
    DenseFrameDecoder decoder = new DenseFrameDecoder(SPECS, true);
    ByteBuffer half = new PushFrameEncoder(SPECS, PayloadEncoding.F16, 0.1).encode(HEADER, in);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(half, decoder, random)));

    in[2][32] = Float.NaN;
    ByteBuffer nan = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(HEADER, in);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(nan, decoder, random)));

    in[2][32] = 1f;
    ByteBuffer swapped = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(HEADER, in);
    swapped.order(ByteOrder.LITTLE_ENDIAN).putInt(FrameFormat.densePayloadOffsets(SPECS)[1] - 9, 2);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(swapped, decoder, random)));
  }
}
