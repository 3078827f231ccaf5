package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushProgress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressSectionTest {

  private static final List<ParameterSpec> SPECS =
      List.of(new ParameterSpec("w", new long[] {2, 3}), new ParameterSpec("b", new long[] {1}));
  private static final float[][] PAYLOADS = {{1, 2, 3, 4, 5, 6}, {7}};

  private static ByteBuffer encode(PushProgress progress, PayloadEncoding encoding) {
    FrameHeader header = new FrameHeader((short) 0, 9, 1, 2, 3, 0, 2, progress);
    return new PushFrameEncoder(SPECS, encoding, 0.5).encode(header, PAYLOADS);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void progressWithUpToFourMetricsRoundTripsAndCosts24Plus8BytesPerMetric(int metrics)
      throws Exception {
    double[] sums = new double[metrics];
    for (int i = 0; i < metrics; i++) {
      sums[i] = 0.5 + i;
    }
    PushProgress progress = new PushProgress(320, 5, 88.125, sums);
    for (PayloadEncoding encoding : PayloadEncoding.values()) {
      ByteBuffer frame = encode(progress, encoding);
      ByteBuffer plain = encode(null, encoding);
      assertEquals(24 + 8 * metrics, frame.remaining() - plain.remaining(), encoding.name());
      FrameReader reader = new FrameReader(SPECS);
      FrameHeader read = reader.readHeader(frame);
      assertEquals(progress, read.progress());
      assertEquals(FrameFormat.progressFlags(metrics), read.flags());
      float[][] out = {new float[6], new float[1]};
      reader.readParameters(frame, out);
      if (encoding == PayloadEncoding.F32) {
        assertArrayEquals(PAYLOADS[0], out[0]);
        DenseFrameDecoder dense = new DenseFrameDecoder(SPECS, true);
        float[][] fast = {new float[6], new float[1]};
        dense.reset(fast);
        dense.advance(frame, frame.remaining());
        assertTrue(dense.isComplete(frame.remaining()));
        assertArrayEquals(PAYLOADS[1], fast[1]);
      }
    }
  }

  @Test
  void aFrameWithoutProgressHasNone() throws Exception {
    FrameHeader read = new FrameReader(SPECS).readHeader(encode(null, PayloadEncoding.F32));
    assertNull(read.progress());
    assertEquals(0, read.flags());
  }

  @Test
  void invalidProgressIsRefusedNamingTheProblem() {
    ByteBuffer frame = encode(new PushProgress(10, 1, 2.0), PayloadEncoding.F32);
    FrameReader reader = new FrameReader(SPECS);

    ByteBuffer negative = copy(frame);
    negative.putLong(FrameFormat.HEADER_BYTES, -1);
    assertEquals(
        "progress samples and steps must be >= 0, got -1 and 1",
        assertThrows(FrameRejectedException.class, () -> reader.readHeader(negative)).getMessage());

    ByteBuffer nan = copy(frame);
    nan.putDouble(FrameFormat.HEADER_BYTES + 16, Double.NaN);
    assertEquals(
        "progress loss sum must be finite, got NaN",
        assertThrows(FrameRejectedException.class, () -> reader.readHeader(nan)).getMessage());

    ByteBuffer tooMany = copy(frame);
    tooMany.putShort(6, FrameFormat.progressFlags(5));
    assertEquals(
        "progress section announces 5 metric sums, at most 4 allowed",
        assertThrows(FrameRejectedException.class, () -> reader.readHeader(tooMany)).getMessage());

    ByteBuffer truncated = copy(frame).limit(FrameFormat.HEADER_BYTES + 10);
    assertEquals(
        "truncated frame: progress section needs 24 bytes, 10 left",
        assertThrows(FrameRejectedException.class, () -> reader.readHeader(truncated))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PushProgress(1, 1, 0, new double[] {1, 2, 3, 4, 5}));
  }

  private static ByteBuffer copy(ByteBuffer frame) {
    ByteBuffer out = ByteBuffer.allocate(frame.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(frame.duplicate()).flip();
    return out;
  }
}
