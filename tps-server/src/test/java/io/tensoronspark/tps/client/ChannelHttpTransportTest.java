package io.tensoronspark.tps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lean client against a hand-written server: chunked bodies, Connection: close, headers,
 * stalls.
 */
@Timeout(30)
class ChannelHttpTransportTest {

  /**
   * Serves one connection: reads one request head, then writes {@code response}; returns the
   * request head.
   */
  private static CompletableFuture<String> serveOnce(
      ServerSocket listener, String response, CountDownLatch hold) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
              head.write(in.read());
            }
            OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            hold.await(20, TimeUnit.SECONDS);
            return head.toString(StandardCharsets.US_ASCII);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static ChannelHttpTransport transport(ServerSocket listener, int requestTimeoutMillis) {
    return new ChannelHttpTransport(
        TpsClientConfig.builder()
            .endpoint(URI.create("http://127.0.0.1:" + listener.getLocalPort()))
            .token("secret")
            .runId(42)
            .requestTimeoutMillis(requestTimeoutMillis)
            .build());
  }

  @Test
  void readsChunkedBodiesAndErrorHeaders() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch done = new CountDownLatch(1);
      CompletableFuture<String> request =
          serveOnce(
              listener,
              "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n"
                  + "X-TPS-Error: busy\r\n\r\n5\r\nbusy \r\n7;x=y\r\nserver.\r\n0\r\n\r\n",
              done);
      try (ChannelHttpTransport transport = transport(listener, 5000)) {
        HttpReply reply = transport.send("GET", "/v1/pull", null, ReceiveProgress.NONE);
        assertEquals(503, reply.status());
        assertEquals("busy server.", reply.reasonLine());
        assertEquals("busy", reply.errorCode());
        assertEquals(3, reply.retryAfterSeconds());
      }
      done.countDown();
      String head = request.get(10, TimeUnit.SECONDS);
      assertTrue(head.startsWith("GET /v1/pull HTTP/1.1\r\n"), head);
      assertTrue(head.contains("Authorization: Bearer secret\r\n"), head);
      assertTrue(head.contains("X-TPS-Run-Id: 42\r\n"), head);
    }
  }

  @Test
  void readsABodyEndedByTheConnectionClosing() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch done = new CountDownLatch(0);
      serveOnce(listener, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nbad frame", done);
      try (ChannelHttpTransport transport = transport(listener, 5000)) {
        HttpReply reply =
            transport.send(
                "POST", "/v1/push", java.nio.ByteBuffer.wrap(new byte[3]), ReceiveProgress.NONE);
        assertEquals(400, reply.status());
        assertEquals("bad frame", reply.reasonLine());
      }
    }
  }

  @Test
  void aStalledServerTimesOut() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch done = new CountDownLatch(1);
      serveOnce(listener, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part", done);
      try (ChannelHttpTransport transport = transport(listener, 300)) {
        long start = System.nanoTime();
        assertThrows(
            SocketTimeoutException.class,
            () -> transport.send("GET", "/v1/pull", null, ReceiveProgress.NONE));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      } finally {
        done.countDown();
      }
    }
  }
}
