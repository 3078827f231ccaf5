package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
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

  /** The header of the frames tested (a subclass tests frames with a progress section). */
  FrameHeader header() {
    return new FrameHeader((short) 0, 5, 0, 1, 1, 0, 3);
  }

  /** Bytes between the fixed header and the first parameter section. */
  private int progressBytes() {
    return header().bytes() - FrameFormat.HEADER_BYTES;
  }

  private static float[][] payloads(Random random) {
    return gaussians(random, 1000, 1, 33);
  }

  /** One array of standard normal values per size. */
  private static float[][] gaussians(Random random, int... sizes) {
    float[][] p = new float[sizes.length][];
    for (int k = 0; k < sizes.length; k++) {
      p[k] = new float[sizes[k]];
    }
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
      ByteBuffer frame = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
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
    ByteBuffer failed =
        new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header(), first);
    progress.received(failed, failed.limit());
    progress.restart();
    ByteBuffer retried =
        new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header(), second);
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
    ByteBuffer half = new PushFrameEncoder(SPECS, PayloadEncoding.F16, 0.1).encode(header(), in);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(half, decoder, random)));

    in[2][32] = Float.NaN;
    ByteBuffer nan = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(nan, decoder, random)));

    in[2][32] = 1f;
    ByteBuffer swapped = new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
    swapped
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(FrameFormat.densePayloadOffsets(SPECS)[1] + progressBytes() - 9, 2);
    decoder.reset(new float[][] {new float[1000], new float[1], new float[33]});
    assertFalse(decoder.isComplete(feed(swapped, decoder, random)));
  }

  private static final List<ParameterSpec> LARGE_SPECS =
      List.of(
          new ParameterSpec("a", new long[] {200_000}),
          new ParameterSpec("b", new long[] {3}),
          new ParameterSpec("c", new long[] {150_000}));

  private static float[][] largePayloads(Random random) {
    return gaussians(random, 200_000, 3, 150_000);
  }

  /** What a receiver holds at the end: its buffer and the frame length. */
  private record Received(ByteBuffer buffer, int length) {}

  /**
   * Receives the frame the way the transports do: pieces of random size (at most a slice) into a
   * buffer of the frame's length, the decoder told after each.
   */
  private static Received receiveInSlices(
      ByteBuffer frame, DenseFrameDecoder decoder, Random random) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(frame.remaining());
    ByteBuffer source = frame.duplicate();
    int received = 0;
    while (source.hasRemaining()) {
      int n = Math.min(source.remaining(), 1 + random.nextInt(ReceiveProgress.SLICE_BYTES));
      buffer.put(source.slice().limit(n));
      source.position(source.position() + n);
      received += n;
      decoder.received(buffer, received);
    }
    return new Received(buffer, received);
  }

  private static byte[] bytes(ByteBuffer buffer, int length) {
    byte[] bytes = new byte[length];
    buffer.get(0, bytes);
    return bytes;
  }

  @Test
  void aLargeDenseFrameArrivingInSlicesIsDecodedExactlyAndLeftInPlace() {
    Random random = new Random(8);
    for (int round = 0; round < 5; round++) {
      float[][] in = largePayloads(random);
      ByteBuffer frame =
          new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
      byte[] sent = bytes(frame, frame.remaining());
      float[][] out = {new float[200_000], new float[3], new float[150_000]};
      DenseFrameDecoder decoder = new DenseFrameDecoder(LARGE_SPECS, true);
      decoder.reset(out);
      Received received = receiveInSlices(frame, decoder, random);
      assertEquals(frame.remaining(), received.length());
      assertTrue(decoder.isComplete(received.length()));
      for (int p = 0; p < 3; p++) {
        assertArrayEquals(in[p], out[p]);
      }
      assertArrayEquals(sent, bytes(received.buffer(), received.length()), "the buffer untouched");
    }
  }

  /**
   * A frame that stops being dense or finite late is left in the buffer as sent, so FrameReader
   * decodes it or names the exact error.
   */
  @Test
  void aFrameThatIsNotDenseAfterAllIsLeftAsSent() {
    Random random = new Random(9);
    float[][] in = largePayloads(random);
    in[2][149_999] = Float.NaN;
    ByteBuffer nan =
        new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
    in[2][149_999] = 1f;
    in[0][123_456] = Float.intBitsToFloat(0x7fc0_1234); // a NaN with a payload, in section a
    ByteBuffer early =
        new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
    in[0][123_456] = 2f;
    ByteBuffer mixed =
        new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in);
    int sectionC = FrameFormat.densePayloadOffsets(LARGE_SPECS)[2] + progressBytes() - 9;
    mixed.put(sectionC + 4, PayloadEncoding.BF16.wireId());
    ByteBuffer trailing = ByteBuffer.allocate(nan.remaining() + 3);
    trailing
        .put(new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in))
        .put(new byte[] {1, 2, 3})
        .flip();
    for (ByteBuffer frame : List.of(nan, early, mixed, trailing)) {
      byte[] sent = bytes(frame, frame.remaining());
      DenseFrameDecoder decoder = new DenseFrameDecoder(LARGE_SPECS, true);
      decoder.reset(new float[][] {new float[200_000], new float[3], new float[150_000]});
      Received received = receiveInSlices(frame, decoder, random);
      assertFalse(decoder.isComplete(received.length()));
      assertArrayEquals(sent, bytes(received.buffer(), received.length()));
    }
  }

  /**
   * Mutated large frames (a few random bytes changed, a NaN or infinity written somewhere, or cut
   * short) received in slices: the decoder either decodes exactly what the full frame reader
   * decodes, or leaves the buffer holding the frame as sent.
   */
  @Test
  void mutatedLargeFramesAreDecodedLikeTheFrameReaderOrHandedBackWhole() throws Exception {
    Random random = new Random(10);
    float[][] in = largePayloads(random);
    byte[] original =
        bytes(
            new PushFrameEncoder(LARGE_SPECS, PayloadEncoding.F32, 0.1).encode(header(), in),
            (int) FrameFormat.denseFrameBytes(LARGE_SPECS) + progressBytes());
    int completed = 0;
    for (int round = 0; round < 60; round++) {
      byte[] sent = original.clone();
      switch (round % 3) {
        case 0 -> {
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            sent[random.nextInt(sent.length)] = (byte) random.nextInt(256);
          }
        }
        case 1 ->
            ByteBuffer.wrap(sent)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(
                    FrameFormat.HEADER_BYTES + 4 * random.nextInt((sent.length - 64) / 4 - 1),
                    random.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY);
        default -> sent = java.util.Arrays.copyOf(sent, 1 + random.nextInt(sent.length - 1));
      }
      float[][] out = {new float[200_000], new float[3], new float[150_000]};
      DenseFrameDecoder decoder = new DenseFrameDecoder(LARGE_SPECS, true);
      decoder.reset(out);
      Received received = receiveInSlices(ByteBuffer.wrap(sent), decoder, random);
      if (decoder.isComplete(received.length())) {
        completed++;
        float[][] expected = {new float[200_000], new float[3], new float[150_000]};
        FrameReader reader = new FrameReader(LARGE_SPECS, true);
        reader.readParameters(ByteBuffer.wrap(sent), expected);
        for (int p = 0; p < 3; p++) {
          assertArrayEquals(expected[p], out[p], "round " + round + " parameter " + p);
        }
      } else {
        assertArrayEquals(sent, bytes(received.buffer(), received.length()), "round " + round);
      }
    }
    assertTrue(completed > 0 && completed < 60, completed + " of 60 mutated frames decoded");
  }
}
