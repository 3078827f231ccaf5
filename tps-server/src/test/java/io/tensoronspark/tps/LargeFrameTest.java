package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.server.PushHandler;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameWriter;
import io.tensoronspark.tps.wire.ReceiveProgress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames above the inline limit: read on a worker thread, dense frames decoded while they arrive.
 * The payload values ((i % 128) / 2) have at most 8 significant bits, so they are exact in BF16
 * too.
 */
@Timeout(30)
class LargeFrameTest {

  private static final int BIG = 300_000;
  private static final List<ParameterSpec> SPECS =
      List.of(
          new ParameterSpec("big", new long[] {BIG}), new ParameterSpec("small", new long[] {5}));

  private TpsServer server;

  @BeforeEach
  void start() {
    assertTrue(FrameFormat.denseFrameBytes(SPECS) > PushHandler.INLINE_MAX_BODY_BYTES);
    TpsServerConfig config = TpsServerConfig.builder().chunkSizeFloats(70_000).build();
    server = TpsServer.start(config, SPECS, List.of(new float[BIG], new float[5]));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static float[][] ramp(float scale) {
    float[][] p = {new float[BIG], new float[5]};
    for (int i = 0; i < BIG; i++) {
      p[0][i] = (i % 128) * scale;
    }
    for (int i = 0; i < 5; i++) {
      p[1][i] = -i * scale;
    }
    return p;
  }

  @Test
  void largePushesMergeExactlyInEveryEncoding() {
    float[][] expected = ramp(0);
    long version = 0;
    int sequence = 0;
    for (PayloadEncoding encoding :
        List.of(PayloadEncoding.F32, PayloadEncoding.BF16, PayloadEncoding.F32)) {
      TpsClientConfig config = server.clientConfig().encoding(encoding).build();
      try (TpsClient client = new TpsClient(config, SPECS)) {
        float[][] payload = ramp(0.5f);
        float[][] merged = {new float[BIG], new float[5]};
        version = client.pushAndPull(new PushHeader(0, 9, ++sequence, version), payload, merged);
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < expected[p].length; i++) {
            expected[p][i] += payload[p][i];
          }
          assertArrayEquals(expected[p], merged[p], encoding + " parameter " + p);
        }
      }
    }
    assertEquals(3, server.version());
  }

  private byte[] rampFrame(float scale) {
    FrameHeader header = new FrameHeader((short) 0, server.runId(), 0, 1, 1, 0, 2);
    return RawHttp.bytes(
        new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header, ramp(scale)));
  }

  @Test
  void aChunkedLargePushOfUnknownLengthIsReadSliceBySliceAndMerged() throws Exception {
    byte[] frame = rampFrame(0.5f);
    assertTrue(frame.length > 4 * ReceiveProgress.SLICE_BYTES, "frame of " + frame.length);
    HttpResponse<byte[]> response =
        new RawHttp(server.endpoint())
            .postChunked(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), frame);
    assertEquals(200, response.statusCode(), RawHttp.text(response));
    assertEquals(1, server.version());
    assertArrayEquals(ramp(0.5f)[0], server.snapshot().values(0));
    assertArrayEquals(ramp(0.5f)[1], server.snapshot().values(1));
  }

  @Test
  void aChunkedPushLongerThanTheLimitIs413AndMergesNothing() throws Exception {
    byte[] frame = rampFrame(0.5f);
    long limit = FrameFormat.maxPushFrameBytes(SPECS);
    byte[] tooLong = Arrays.copyOf(frame, (int) limit + 1);
    HttpResponse<byte[]> response =
        new RawHttp(server.endpoint())
            .postChunked(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), tooLong);
    assertEquals(413, response.statusCode(), RawHttp.text(response));
    assertTrue(
        RawHttp.text(response).contains("limit of " + limit + " bytes"), RawHttp.text(response));
    assertEquals(0, server.version());
    assertArrayEquals(new float[BIG], server.snapshot().values(0));
  }

  @Test
  void aNaNAtTheEndOfALargeFrameIsRefusedAndNothingIsMerged() throws Exception {
    FrameHeader header = new FrameHeader((short) 0, server.runId(), 0, 1, 1, 0, 2);
    byte[] frame =
        RawHttp.bytes(
            new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.1).encode(header, ramp(1f)));
    ByteBuffer.wrap(frame)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putFloat(frame.length - 4 - 5 * 4 - 9, Float.NaN);
    HttpResponse<byte[]> response =
        new RawHttp(server.endpoint())
            .post(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), frame);
    assertEquals(400, response.statusCode(), RawHttp.text(response));
    assertTrue(
        RawHttp.text(response).contains("parameter 0 element 299999 is NaN"),
        RawHttp.text(response));
    assertEquals(0, server.version());
    assertArrayEquals(new float[BIG], server.snapshot().values(0));
  }

  /**
   * A frame that turns out not to be dense only in its last section, after the decoder had dropped
   * the first section's bytes to keep its window small: the server puts them back and merges the
   * whole frame exactly.
   */
  @Test
  void aLargeFrameWhoseLastSectionIsNotF32MergesExactly() throws Exception {
    float[][] payload = ramp(0.5f);
    ByteBuffer frame =
        ByteBuffer.allocate((int) FrameFormat.maxPushFrameBytes(SPECS))
            .order(ByteOrder.LITTLE_ENDIAN);
    frame.position(FrameFormat.HEADER_BYTES);
    FrameWriter.writeSectionHeader(frame, 0, PayloadEncoding.F32, BIG);
    FrameWriter.writeF32(frame, payload[0], 0, BIG);
    FrameWriter.writeSectionHeader(frame, 1, PayloadEncoding.BF16, 5);
    FrameWriter.writeBf16(frame, payload[1]);
    FrameWriter.writeHeader(frame, 0, new FrameHeader((short) 0, server.runId(), 0, 1, 1, 0, 2));
    frame.flip();
    assertTrue(frame.remaining() > 4 * ReceiveProgress.SLICE_BYTES, "frame of " + frame.limit());
    HttpResponse<byte[]> response =
        new RawHttp(server.endpoint())
            .post(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), RawHttp.bytes(frame));
    assertEquals(200, response.statusCode(), RawHttp.text(response));
    assertEquals(1, server.version());
    assertArrayEquals(payload[0], server.snapshot().values(0));
    assertArrayEquals(payload[1], server.snapshot().values(1));
  }
}
