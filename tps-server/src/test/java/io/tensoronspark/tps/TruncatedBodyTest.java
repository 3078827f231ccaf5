package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.server.PushHandler;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that sends part of a push body and then goes away, or stalls, on both body paths: bodies
 * up to {@link PushHandler#INLINE_MAX_BODY_BYTES} are read without blocking on the I/O thread,
 * larger ones on a worker thread. The server answers 400 (gone) or 408 (stalled; never a 200),
 * closes the connection, merges nothing of the partial push, and goes on serving whole pushes.
 */
@Timeout(60)
class TruncatedBodyTest {

  private static byte[] frame(List<ParameterSpec> specs, long runId, long sequence, float value) {
    float[][] payloads = new float[specs.size()][];
    for (int p = 0; p < payloads.length; p++) {
      payloads[p] = new float[specs.get(p).size()];
      Arrays.fill(payloads[p], value);
    }
    FrameHeader header = new FrameHeader((short) 0, runId, 0, 1, sequence, 0, specs.size());
    return RawHttp.bytes(
        new PushFrameEncoder(specs, PayloadEncoding.F32, 0.1).encode(header, payloads));
  }

  /**
   * Sends the push's head and the first {@code sent} bytes of {@code frame}, then closes its side
   * ({@code hangUp}) or just waits; returns the server's whole answer.
   */
  private static String sendPartially(TpsServer server, byte[] frame, int sent, boolean hangUp)
      throws Exception {
    try (Socket socket = RawHttp.partialPush(server, frame, sent)) {
      socket.setSoTimeout(20_000);
      if (hangUp) {
        socket.shutdownOutput();
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Pushes ones {@code pushes} times as a new attempt and checks that exactly they merged. */
  private static void wholePushesStillMerge(TpsServer server, List<ParameterSpec> specs, int floats)
      throws Exception {
    int pushes = 40;
    float[][] merged = {new float[floats]};
    try (TpsClient client = new TpsClient(server.clientConfig().build(), specs)) {
      float[][] ones = {new float[floats]};
      Arrays.fill(ones[0], 1f);
      long base = 0;
      for (int seq = 1; seq <= pushes; seq++) {
        base = client.pushAndPull(new PushHeader(0, 2, seq, base), ones, merged);
      }
      assertEquals(pushes, base);
    }
    float[] expected = new float[floats];
    Arrays.fill(expected, pushes);
    assertArrayEquals(expected, merged[0], "only the whole pushes were merged");
    assertEquals(pushes, server.stats().pushesApplied());
    assertEquals(0, server.stats().pushesRejected(), server.stats().toString());
  }

  private static List<ParameterSpec> specsOnPath(int floats) {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    boolean inline = FrameFormat.denseFrameBytes(specs) <= PushHandler.INLINE_MAX_BODY_BYTES;
    assertEquals(floats == 1_000, inline, "each case covers one body path");
    return specs;
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 60_000})
  void aPartialBodyMergesNothingAndTheServerGoesOn(int floats) throws Exception {
    List<ParameterSpec> specs = specsOnPath(floats);
    try (TpsServer server =
        TpsServer.start(TpsServerConfig.builder().build(), specs, List.of(new float[floats]))) {
      byte[] partial = frame(specs, server.runId(), 1, 5f);
      for (int i = 0; i < 3; i++) {
        String reply = sendPartially(server, partial, partial.length / 2 + i, true);
        assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
        assertTrue(reply.contains("incomplete-body"), reply);
        assertTrue(reply.contains("nothing merged"), reply);
      }
      assertEquals(0, server.stats().pushesApplied());
      wholePushesStillMerge(server, specs, floats);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 60_000})
  void aStalledBodyIsAnswered408AfterTheStallTimeout(int floats) throws Exception {
    List<ParameterSpec> specs = specsOnPath(floats);
    TpsServerConfig config = TpsServerConfig.builder().bodyStallTimeoutMillis(300).build();
    try (TpsServer server = TpsServer.start(config, specs, List.of(new float[floats]))) {
      byte[] partial = frame(specs, server.runId(), 1, 5f);
      long start = System.nanoTime();
      String reply = sendPartially(server, partial, partial.length / 3, false);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(reply.startsWith("HTTP/1.1 408 "), reply);
      assertTrue(reply.contains("body-timeout"), reply);
      assertTrue(reply.contains("no request body bytes for 300 ms"), reply);
      assertTrue(millis >= 300, "answered after " + millis + " ms, before the stall timeout");
      assertEquals(0, server.stats().pushesApplied());
      wholePushesStillMerge(server, specs, floats);
    }
  }
}
