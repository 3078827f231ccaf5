package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameRoundTripTest {

  private static List<ParameterSpec> specs(int... sizes) {
    List<ParameterSpec> specs = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      specs.add(new ParameterSpec("p" + i, new long[] {sizes[i]}));
    }
    return specs;
  }

  private static float[][] random(List<ParameterSpec> specs, long seed) {
    Random random = new Random(seed);
    float[][] values = new float[specs.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new float[specs.get(i).size()];
      for (int j = 0; j < values[i].length; j++) {
        values[i][j] = (float) random.nextGaussian() * 1000f;
      }
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 1025, 65_537})
  void f32FrameRoundTripsExactly(int size) throws Exception {
    List<ParameterSpec> specs = specs(size, 1, size + 2);
    float[][] payloads = random(specs, size);
    FrameHeader header = new FrameHeader((short) 0, -123456789L, 4, 99L, 12L, 5L, 3);
    ByteBuffer frame =
        new PushFrameEncoder(specs, PayloadEncoding.F32, 0.01).encode(header, payloads);
    assertEquals(FrameFormat.denseFrameBytes(specs), frame.remaining());

    FrameReader reader = new FrameReader(specs);
    assertEquals(header, reader.readHeader(frame));
    float[][] decoded = new float[3][];
    for (int i = 0; i < 3; i++) {
      decoded[i] = new float[specs.get(i).size()];
    }
    reader.readParameters(frame, decoded);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(payloads[i], decoded[i]);
    }
    assertEquals(0, frame.position(), "the reader leaves the caller's buffer alone");
  }

  @Test
  void sectionsMayComeInAnyOrder() throws Exception {
    List<ParameterSpec> specs = specs(2, 3);
    ByteBuffer frame = ByteBuffer.allocate(200).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    frame.position(FrameFormat.HEADER_BYTES);
    FrameWriter.writeSectionHeader(frame, 1, PayloadEncoding.F32, 3);
    FrameWriter.writeF32(frame, new float[] {4, 5, 6}, 0, 3);
    FrameWriter.writeSectionHeader(frame, 0, PayloadEncoding.F32, 2);
    FrameWriter.writeF32(frame, new float[] {7, 8}, 0, 2);
    FrameWriter.writeHeader(frame, 0, new FrameHeader((short) 0, 1, 0, 0, 0, 0, 2));
    frame.flip();
    float[][] out = {new float[2], new float[3]};
    new FrameReader(specs).readParameters(frame, out);
    assertArrayEquals(new float[] {7, 8}, out[0]);
    assertArrayEquals(new float[] {4, 5, 6}, out[1]);
  }

  @Test
  void halfEncodingsRoundTripRepresentableValuesExactly() throws Exception {
    List<ParameterSpec> specs = specs(5);
    float[][] payloads = {{0f, -2.5f, 1024f, 0.125f, -65504f}};
    for (PayloadEncoding encoding : List.of(PayloadEncoding.F16, PayloadEncoding.BF16)) {
      if (encoding == PayloadEncoding.BF16) {
        payloads[0][4] = -65536f;
      }
      ByteBuffer frame =
          new PushFrameEncoder(specs, encoding, 0.01)
              .encode(new FrameHeader((short) 0, 1, 0, 0, 0, 0, 1), payloads);
      assertEquals(
          FrameFormat.HEADER_BYTES + FrameFormat.PARAM_HEADER_BYTES + 10, frame.remaining());
      float[][] out = {new float[5]};
      new FrameReader(specs).readParameters(frame, out);
      assertArrayEquals(payloads[0], out[0], encoding.name());
    }
  }

  @Test
  void topKFrameCarriesTheLargestMagnitudes() throws Exception {
    List<ParameterSpec> specs = specs(10);
    float[][] payloads = {{0.1f, -9f, 0.2f, 3f, 0f, 0f, 8f, -0.3f, 0f, 1f}};
    ByteBuffer frame =
        new PushFrameEncoder(specs, PayloadEncoding.TOP_K, 0.3)
            .encode(new FrameHeader((short) 0, 1, 0, 0, 0, 0, 1), payloads);
    assertEquals(
        FrameFormat.HEADER_BYTES + FrameFormat.PARAM_HEADER_BYTES + 4 + 3 * 8, frame.remaining());
    float[][] out = {new float[10]};
    new FrameReader(specs).readParameters(frame, out);
    assertArrayEquals(new float[] {0, -9f, 0, 3f, 0, 0, 8f, 0, 0, 0}, out[0]);
  }

  @Test
  void readerRejectsTopKWithUnorderedIndices() {
    List<ParameterSpec> specs = specs(10);
    ByteBuffer frame = ByteBuffer.allocate(200).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    frame.position(FrameFormat.HEADER_BYTES);
    FrameWriter.writeSectionHeader(frame, 0, PayloadEncoding.TOP_K, 10);
    FrameWriter.writeTopK(frame, new int[] {5, 2}, new float[] {1, 2}, 2);
    FrameWriter.writeHeader(frame, 0, new FrameHeader((short) 0, 1, 0, 0, 0, 0, 1));
    frame.flip();
    FrameRejectedException e =
        assertThrows(
            FrameRejectedException.class,
            () -> new FrameReader(specs).readParameters(frame, new float[][] {new float[10]}));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("increase strictly"), e.getMessage());
  }

  @Test
  void finiteCheckFindsTheFirstNaNOrInfinity() {
    float[] values = new float[1000];
    assertEquals(-1, FiniteCheck.firstNonFinite(values, 0, values.length));
    values[700] = Float.POSITIVE_INFINITY;
    values[900] = Float.NaN;
    assertEquals(700, FiniteCheck.firstNonFinite(values, 0, values.length));
    assertEquals(900, FiniteCheck.firstNonFinite(values, 701, values.length));
    values[3] = Float.MAX_VALUE;
    values[4] = -Float.MIN_VALUE;
    assertEquals(-1, FiniteCheck.firstNonFinite(values, 0, 700));
  }

  @Test
  void finiteCheckSeesABadValueInEveryLaneAndInTheTail() {
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int length : new int[] {1, 15, 16, 17, 100}) {
      for (int from = 0; from < 3; from++) {
        for (int at = from; at < length; at++) {
          float[] values = new float[length];
          java.util.Arrays.fill(values, -Float.MAX_VALUE);
          values[at] = bad[at % bad.length];
          assertEquals(
              at,
              FiniteCheck.firstNonFinite(values, from, length),
              "length " + length + ", from " + from + ", bad value at " + at);
          assertEquals(-1, FiniteCheck.firstNonFinite(values, at + 1, length));
        }
      }
    }
  }
}
