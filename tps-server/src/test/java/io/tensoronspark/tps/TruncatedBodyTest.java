package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.server.PushHandler;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.HttpProtocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that sends part of a push body and then goes away, on both body paths: bodies up to
 * {@link PushHandler#INLINE_MAX_BODY_BYTES} are read without blocking on the I/O thread, larger
 * ones on a worker thread. The server closes the connection, merges nothing of the partial push,
 * answers 400 (its answer, never a 200), and goes on serving whole pushes.
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

  /** Sends the push's head and the first {@code sent} bytes of {@code frame}, then closes. */
  private static void sendPartially(TpsServer server, byte[] frame, int sent) throws Exception {
    try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + HttpProtocol.PUSH_PATH
              + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + server.token()
              + "\r\nContent-Length: "
              + frame.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(frame, 0, sent);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
      assertTrue(reply.contains("incomplete-body"), reply);
      assertTrue(reply.contains("nothing merged"), reply);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1_000, 60_000})
  void aPartialBodyMergesNothingAndTheServerGoesOn(int floats) throws Exception {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    boolean inline = FrameFormat.denseFrameBytes(specs) <= PushHandler.INLINE_MAX_BODY_BYTES;
    assertEquals(floats == 1_000, inline, "each case covers one body path");
    try (TpsServer server =
        TpsServer.start(TpsServerConfig.builder().build(), specs, List.of(new float[floats]))) {
      byte[] partial = frame(specs, server.runId(), 1, 5f);
      for (int i = 0; i < 3; i++) {
        sendPartially(server, partial, partial.length / 2 + i);
      }
      assertEquals(0, server.stats().pushesApplied());

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
  }
}
