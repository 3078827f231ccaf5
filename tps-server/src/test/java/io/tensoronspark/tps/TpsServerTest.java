package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import io.tensoronspark.tps.wire.FrameFormat;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class TpsServerTest extends LiveTwoParamsServer {

  // Byte offsets in a TwoParams push frame: W (15 floats) then b (7 floats).
  private static final int W_PAYLOAD = FrameFormat.HEADER_BYTES + FrameFormat.PARAM_HEADER_BYTES;
  private static final int B_SECTION = W_PAYLOAD + 15 * 4;
  private static final int B_PAYLOAD = B_SECTION + FrameFormat.PARAM_HEADER_BYTES;

  @Test
  void endpointHasTheRealPortAndTokenIsRandom() {
    assertEquals("127.0.0.1", server.endpoint().getHost());
    assertTrue(server.endpoint().getPort() > 0);
    assertEquals(43, server.token().length(), "32 random bytes in unpadded base64url");
    assertFalse(server.token().equals(TpsServerConfig.builder().build().token()));
  }

  @Test
  void pullReturnsTheInitialValuesAtVersionZero() {
    float[][] out = TwoParams.arrays();
    try (TpsClient client = client()) {
      assertEquals(0, client.pull(out));
    }
    assertArrayEquals(TwoParams.initial().get(0), out[0]);
    assertArrayEquals(TwoParams.initial().get(1), out[1]);
    assertEquals(1, server.stats().pulls());
  }

  @Test
  void deltaSumPushMergesExactlyAndRepliesWithTheMergedValues() {
    float[][] payload = TwoParams.filled(2.5f);
    payload[1][6] = -100f;
    float[][] merged = TwoParams.arrays();
    try (TpsClient client = client()) {
      long version = client.pushAndPull(new PushHeader(3, 77, 1, 0), payload, merged);
      assertEquals(1, version);
    }
    for (int p = 0; p < 2; p++) {
      float[] expected = TwoParams.initial().get(p).clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] += payload[p][i];
      }
      assertArrayEquals(expected, merged[p]);
      assertArrayEquals(expected, server.snapshot().values(p));
    }
    assertEquals(1, server.version());
    assertEquals(1L, server.stats().pushesByWorker().get(3));
  }

  @Test
  void wrongTokenIs401AndChangesNothing() throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId(), 1, 1, 0, TwoParams.filled(1f));
    HttpResponse<byte[]> response =
        http.post(HttpProtocol.PUSH_PATH, "Bearer " + server.token() + "x", frame);
    assertEquals(401, response.statusCode());
    assertUnchanged();
    assertEquals(1, server.stats().authFailures());
  }

  @Test
  void missingTokenIs401OnEveryPath() throws Exception {
    assertEquals(401, http.post(HttpProtocol.PUSH_PATH, null, new byte[10]).statusCode());
    assertEquals(401, http.get(HttpProtocol.PULL_PATH, null).statusCode());
    assertEquals(401, http.get(HttpProtocol.STATUS_PATH, null).statusCode());
    assertEquals(401, http.get("/", "Basic abc").statusCode());
    assertUnchanged();
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    long limit = FrameFormat.maxPushFrameBytes(TwoParams.SPECS);
    HttpResponse<byte[]> response =
        http.post(HttpProtocol.PUSH_PATH, bearer, new byte[(int) limit + 1]);
    assertEquals(413, response.statusCode());
    assertTrue(RawHttp.text(response).contains(Long.toString(limit)), RawHttp.text(response));
    assertUnchanged();
  }

  static Stream<Arguments> malformedFrames() {
    return Stream.of(
        malformed("bad magic", b -> b.put(0, (byte) 0x55), "magic"),
        malformed("bad version", b -> b.putShort(4, (short) 2), "version"),
        malformed("request flags", b -> b.putShort(6, (short) 1), "flags"),
        malformed("negative worker", b -> b.putInt(16, -5), "workerId"),
        malformed("base version ahead", b -> b.putLong(36, 99), "ahead"),
        malformed("too few parameters", b -> b.putInt(44, 1), "expected all 2"),
        malformed("unknown id", b -> b.putInt(B_SECTION, 5), "unknown parameter id 5"),
        malformed("duplicate id", b -> b.putInt(B_SECTION, 0), "duplicate parameter id 0"),
        malformed("unknown encoding", b -> b.put(B_SECTION + 4, (byte) 9), "unknown encoding 9"),
        malformed("wrong length", b -> b.putInt(B_SECTION + 5, 8), "has 8 elements, expected 7"),
        malformed(
            "NaN in 2nd param", b -> b.putFloat(B_PAYLOAD + 12, Float.NaN), "element 3 is NaN"),
        malformed(
            "infinity in 1st param",
            b -> b.putFloat(W_PAYLOAD + 4, Float.NEGATIVE_INFINITY),
            "-Infinity"));
  }

  private static Arguments malformed(String name, Consumer<ByteBuffer> mutation, String reason) {
    return Arguments.of(name, mutation, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFrames")
  void malformedFrameIs400AndMergesNothing(
      String name, Consumer<ByteBuffer> mutation, String reason) throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId(), 1, 1, 0, TwoParams.filled(1f));
    mutation.accept(ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN));
    assertRejected(http.post(HttpProtocol.PUSH_PATH, bearer, frame), 400, reason);
  }

  @Test
  void truncatedTrailingAndEmptyFramesAre400() throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId(), 1, 1, 0, TwoParams.filled(1f));
    assertRejected(
        http.post(HttpProtocol.PUSH_PATH, bearer, Arrays.copyOf(frame, frame.length - 4)),
        400,
        "truncated");
    assertRejected(
        http.post(HttpProtocol.PUSH_PATH, bearer, Arrays.copyOf(frame, frame.length + 4)),
        400,
        "4 trailing bytes");
    assertRejected(http.post(HttpProtocol.PUSH_PATH, bearer, new byte[0]), 400, "truncated");
    assertRejected(
        http.post(HttpProtocol.PUSH_PATH, bearer, Arrays.copyOf(frame, 40)), 400, "truncated");
  }

  @Test
  void runIdMismatchIs409() throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId() + 1, 1, 1, 0, TwoParams.filled(1f));
    HttpResponse<byte[]> response = http.post(HttpProtocol.PUSH_PATH, bearer, frame);
    assertRejected(response, 409, "run id mismatch");
    assertEquals(
        ErrorCode.RUN_MISMATCH.wire(), response.headers().firstValue("X-TPS-Error").orElse(""));
  }

  @Test
  void clientWithTheWrongRunIdGetsA409TpsException() {
    TpsClientConfig wrongRun = server.clientConfig().runId(server.runId() ^ 1).build();
    try (TpsClient client = new TpsClient(wrongRun, TwoParams.SPECS)) {
      TpsException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              TpsException.class,
              () ->
                  client.pushAndPull(
                      new PushHeader(0, 1, 1, 0), TwoParams.filled(1f), TwoParams.arrays()));
      assertEquals(409, e.statusCode());
      assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("run id mismatch"), e.getMessage());
      assertEquals(
          409,
          org.junit.jupiter.api.Assertions.assertThrows(
                  TpsException.class, () -> client.pull(TwoParams.arrays()))
              .statusCode());
    }
    assertUnchanged();
  }

  @Test
  void clientPushingNaNGetsA400NamingTheElementAndIsNotRetried() {
    float[][] payload = TwoParams.filled(1f);
    payload[1][2] = Float.NaN;
    try (TpsClient client = client()) {
      TpsException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              TpsException.class,
              () -> client.pushAndPull(new PushHeader(0, 1, 1, 0), payload, TwoParams.arrays()));
      assertEquals(400, e.statusCode());
      assertTrue(
          e.getMessage().contains("(attempt 1) with 400: parameter 1 element 2 is NaN"),
          e.getMessage());
    }
    assertUnchanged();
    assertEquals(1, server.stats().pushesRejected());
  }

  @Test
  void duplicateAttemptAndSequenceIsAppliedOnce() throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId(), 42, 7, 0, TwoParams.filled(1f));
    assertEquals(200, http.post(HttpProtocol.PUSH_PATH, bearer, frame).statusCode());
    HttpResponse<byte[]> again = http.post(HttpProtocol.PUSH_PATH, bearer, frame);
    assertEquals(200, again.statusCode());
    ByteBuffer reply = ByteBuffer.wrap(again.body()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(FrameFormat.FLAG_DUPLICATE, reply.getShort(6));
    assertEquals(1, reply.getLong(36), "a duplicate reports the current version");
    byte[] older = TwoParams.pushFrame(server.runId(), 42, 6, 0, TwoParams.filled(1f));
    assertEquals(200, http.post(HttpProtocol.PUSH_PATH, bearer, older).statusCode());
    assertEquals(1, server.version());
    assertEquals(1, server.stats().pushesApplied());
    assertEquals(2, server.stats().pushesDuplicate());
    assertEquals(TwoParams.initial().get(1)[3] + 1f, server.snapshot().values(1)[3]);
    byte[] next = TwoParams.pushFrame(server.runId(), 42, 8, 1, TwoParams.filled(1f));
    assertEquals(200, http.post(HttpProtocol.PUSH_PATH, bearer, next).statusCode());
    assertEquals(2, server.version());
  }

  @Test
  void statusJsonCarriesTheCounters() throws Exception {
    try (TpsClient client = client()) {
      client.pushAndPull(new PushHeader(1, 5, 1, 0), TwoParams.filled(1f), TwoParams.arrays());
      client.pull(TwoParams.arrays());
    }
    http.post(HttpProtocol.PUSH_PATH, "Bearer nope", new byte[1]);
    HttpResponse<byte[]> response = http.get(HttpProtocol.STATUS_PATH, bearer);
    assertEquals(200, response.statusCode());
    JsonNode json = new ObjectMapper().readTree(response.body());
    assertEquals(1, json.get("version").asLong());
    assertEquals(server.runId(), json.get("runId").asLong());
    assertEquals(1, json.get("workerCount").asInt());
    assertEquals("delta-sum", json.get("combiner").asText());
    assertEquals("W", json.get("params").get(0).get("name").asText());
    assertEquals(5, json.get("params").get(0).get("shape").get(1).asLong());
    JsonNode stats = json.get("stats");
    assertEquals(1, stats.get("pushesApplied").asLong());
    assertEquals(1, stats.get("pulls").asLong());
    assertEquals(1, stats.get("authFailures").asLong());
    assertEquals(1, stats.get("pushesByWorker").get("1").asLong());
    assertTrue(stats.get("bytesIn").asLong() > 0);
  }

  @Test
  void statusPageIsHtmlAndUnknownPathsAre404() throws Exception {
    HttpResponse<byte[]> page = http.get("/", bearer);
    assertEquals(200, page.statusCode());
    assertTrue(RawHttp.text(page).contains("<td>W</td>"), RawHttp.text(page));
    assertEquals(404, http.get("/v2/pull", bearer).statusCode());
    assertEquals(405, http.get(HttpProtocol.PUSH_PATH, bearer).statusCode());
  }

  @Test
  void setWorkerCountIsReported() {
    server.setWorkerCount(9);
    assertEquals(9, server.workerCount());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> server.setWorkerCount(0));
  }

  @Test
  void closeIsIdempotent() {
    server.close();
    server.close();
    try (TpsClient client =
        new TpsClient(
            server.clientConfig().maxAttempts(1).connectTimeoutMillis(2000).build(),
            TwoParams.SPECS)) {
      TpsException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              TpsException.class, () -> client.pull(TwoParams.arrays()));
      assertEquals(TpsException.NO_STATUS, e.statusCode());
    }
  }

  private void assertRejected(HttpResponse<byte[]> response, int status, String reason) {
    String text = RawHttp.text(response);
    assertEquals(status, response.statusCode(), text);
    assertTrue(text.contains(reason), "reason '" + text + "' should contain '" + reason + "'");
    assertEquals(1, text.trim().split("\n").length, "one line");
    assertUnchanged();
  }

  private void assertUnchanged() {
    ParameterSnapshot snapshot = server.snapshot();
    assertEquals(0, snapshot.version());
    List<float[]> initial = TwoParams.initial();
    for (int p = 0; p < initial.size(); p++) {
      assertArrayEquals(initial.get(p), snapshot.values(p));
    }
    assertEquals(0, server.stats().pushesApplied());
  }
}
