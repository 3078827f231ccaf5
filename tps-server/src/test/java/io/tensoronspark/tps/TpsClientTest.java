package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TpsClientTest {

  /** A loopback port with nothing listening: bound, then closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  @Timeout(20)
  void unreachableServerFailsWithinBoundedTimeNamingTheEndpoint() throws IOException {
    URI endpoint = URI.create("http://127.0.0.1:" + closedPort());
    TpsClientConfig config =
        TpsClientConfig.builder()
            .endpoint(endpoint)
            .token("t")
            .runId(1)
            .maxAttempts(3)
            .initialBackoffMillis(20)
            .connectTimeoutMillis(1000)
            .build();
    long start = System.nanoTime();
    try (TpsClient client = new TpsClient(config, TwoParams.SPECS)) {
      TpsException e =
          assertThrows(
              TpsException.class,
              () ->
                  client.pushAndPull(
                      new PushHeader(0, 3, 7, 0), TwoParams.filled(1f), TwoParams.arrays()));
      assertEquals(TpsException.NO_STATUS, e.statusCode());
      assertTrue(
          e.getMessage()
              .startsWith("TPS at " + endpoint + " unreachable after 3 attempts pushing seq 7"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Connect"), e.getMessage());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 10_000, "gave up after " + millis + " ms");
  }

  @Test
  void clientChecksArrayShapesBeforeSending() throws IOException {
    TpsClientConfig config =
        TpsClientConfig.builder()
            .endpoint(URI.create("http://127.0.0.1:" + closedPort()))
            .token("t")
            .build();
    try (TpsClient client = new TpsClient(config, TwoParams.SPECS)) {
      IllegalArgumentException shape =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.pull(new float[][] {new float[15], new float[6]}));
      assertTrue(shape.getMessage().contains("b[7]"), shape.getMessage());
    }
  }

  @Test
  void configsCheckTheirValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TpsClientConfig.builder().token("t").endpoint(URI.create("ftp://x:1")).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TpsClientConfig.builder()
                .token("t")
                .endpoint(URI.create("http://x:1"))
                .maxAttempts(0)
                .build());
    assertThrows(
        IllegalArgumentException.class, () -> TpsServerConfig.builder().chunkSizeFloats(0).build());
    IllegalArgumentException stall =
        assertThrows(
            IllegalArgumentException.class,
            () -> TpsServerConfig.builder().bodyStallTimeoutMillis(0).build());
    assertEquals("bodyStallTimeoutMillis must be > 0, got 0", stall.getMessage());
    assertEquals(
        1234,
        TpsServerConfig.builder().bodyStallTimeoutMillis(1234).build().toBuilder()
            .build()
            .bodyStallTimeoutMillis());
    assertThrows(IllegalArgumentException.class, () -> new ParameterSpec("x", new long[] {3, 0}));
    assertThrows(IllegalArgumentException.class, () -> new ParameterSpec("", new long[] {3}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ParameterSpec("big", new long[] {1 << 20, 1 << 12}));
    ParameterSpec spec = new ParameterSpec("w", new long[] {2, 3});
    assertEquals(6, spec.size());
    spec.shape()[0] = 99;
    assertEquals(2, spec.shape()[0], "shape() returns a copy");
  }
}
