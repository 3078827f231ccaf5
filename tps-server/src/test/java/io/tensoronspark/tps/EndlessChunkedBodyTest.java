package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends an endless chunked body, to a path that never reads it: the server must not
 * drain it forever. The TPS's own limit applies to push bodies it reads; past the transport limit
 * (twice the largest valid frame plus framing room) Undertow cuts the connection.
 */
@Timeout(60)
class EndlessChunkedBodyTest {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int MAX_CHUNKS = 256;

  @Test
  void anEndlessChunkedBodyIsCutOffNotDrainedForever() throws Exception {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {1000}));
    try (TpsServer server =
        TpsServer.start(TpsServerConfig.builder().build(), specs, List.of(new float[1000]))) {
      int sentChunks = 0;
      try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
        OutputStream out = socket.getOutputStream();
        String head =
            "GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + server.token()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[CHUNK_BYTES];
        byte[] size =
            (Integer.toHexString(CHUNK_BYTES) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
          for (; sentChunks < MAX_CHUNKS; sentChunks++) {
            out.write(size);
            out.write(chunk);
            out.write(end);
            out.flush();
          }
        } catch (IOException expected) {
          // The server closed the connection: what this test wants.
        }
      }
      assertTrue(
          sentChunks < MAX_CHUNKS,
          "the server drained all "
              + MAX_CHUNKS * (long) CHUNK_BYTES
              + " bytes of an endless body");
    }
  }
}
