package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that hold the token but send their push bodies slowly, or open connections and send
 * nothing: a trickling body runs out of its minimum rate, a steady but long one out of its deadline
 * (408 with one line, nothing merged, the slot freed); pulls and status never wait behind pushes; a
 * connection that never completes its request head, or idles, is closed; connections beyond the
 * bound wait. A legitimate client keeps its round trips going meanwhile.
 */
@Timeout(120)
class SlowClientTest {

  private static final List<ParameterSpec> SMALL =
      List.of(new ParameterSpec("w", new long[] {1000}));
  private static final List<ParameterSpec> LARGE =
      List.of(new ParameterSpec("w", new long[] {100_000}));

  private static TpsServerConfig.Builder shortTimeouts() {
    return TpsServerConfig.builder()
        .bodyStallTimeoutMillis(400)
        .minBodyBytesPerSecond(1000)
        .bodyDeadlineMillis(1500)
        .requestHeaderTimeoutMillis(400)
        .idleConnectionTimeoutMillis(400);
  }

  private static TpsServer start(TpsServerConfig config, List<ParameterSpec> specs) {
    return TpsServer.start(config, specs, List.of(new float[(int) specs.get(0).size()]));
  }

  private static byte[] frame(TpsServer server, List<ParameterSpec> specs) {
    float[][] ones = {new float[(int) specs.get(0).size()]};
    Arrays.fill(ones[0], 1f);
    return RawHttp.bytes(
        new io.tensoronspark.tps.client.PushFrameEncoder(specs, PayloadEncoding.F32, 0.1)
            .encode(
                new io.tensoronspark.tps.wire.FrameHeader((short) 0, server.runId(), 0, 1, 0, 0, 1),
                ones));
  }

  /**
   * A push that sends {@code bytesPerTick} body bytes every {@code tickMillis} until the server
   * answers (or {@code stop}); returns the server's whole answer.
   */
  private static String trickle(
      TpsServer server, byte[] frame, int bytesPerTick, long tickMillis, AtomicBoolean stop)
      throws Exception {
    try (Socket socket = RawHttp.partialPush(server, frame, 0)) {
      socket.setSoTimeout((int) tickMillis);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      int sent = 0;
      while (!stop.get()) {
        try {
          int b = in.read();
          if (b < 0) {
            return answer.toString();
          }
          answer.append((char) b);
          continue;
        } catch (SocketTimeoutException tick) {
          // time to send the next bytes
        }
        if (sent < frame.length - bytesPerTick) {
          try {
            out.write(frame, sent, bytesPerTick);
            out.flush();
            sent += bytesPerTick;
          } catch (IOException closed) {
            socket.setSoTimeout(5_000);
            return answer + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          }
        }
      }
      return answer.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true}) // body read on the I/O thread; on a worker thread
  void aTricklingBodyRunsOutOfItsMinimumRate(boolean large) throws Exception {
    List<ParameterSpec> specs = large ? LARGE : SMALL;
    try (TpsServer server = start(shortTimeouts().maxConcurrentRequests(1).build(), specs)) {
      // 10 bytes per 100 ms: never 400 ms without a byte, but 100 bytes/s < 1000.
      String answer = trickle(server, frame(server, specs), 10, 100, new AtomicBoolean());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("slower than the minimum of 1000 bytes/s"), answer);
      assertEquals(1, answer.substring(answer.indexOf("\r\n\r\n") + 4).split("\n").length);
      assertOnePushMerges(server, specs); // nothing merged, and the one slot is free again
    }
  }

  @Test
  void aSteadyButEndlessBodyRunsOutOfItsDeadline() throws Exception {
    try (TpsServer server = start(shortTimeouts().maxConcurrentRequests(1).build(), LARGE)) {
      // 200 bytes per 50 ms = 4000 bytes/s: above the rate, but 400 KB would take 100 s.
      String answer = trickle(server, frame(server, LARGE), 200, 50, new AtomicBoolean());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("deadline of 1500 ms"), answer);
      assertOnePushMerges(server, LARGE);
    }
  }

  @Test
  void pullsAndStatusDoNotWaitBehindSlowPushes() throws Exception {
    TpsServerConfig config =
        TpsServerConfig.builder().maxConcurrentRequests(2).maxQueuedRequests(0).build();
    try (TpsServer server = start(config, SMALL)) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService attackers = Executors.newFixedThreadPool(2);
      try {
        byte[] frame = frame(server, SMALL);
        for (int i = 0; i < 2; i++) {
          attackers.submit(() -> trickle(server, frame, 1, 200, stop));
        }
        awaitPushSlotsTaken(server, frame);
        RawHttp http = new RawHttp(server.endpoint());
        String bearer = "Bearer " + server.token();
        assertEquals(200, http.get(HttpProtocol.STATUS_PATH, bearer).statusCode());
        try (TpsClient client =
            new TpsClient(server.clientConfig().requestTimeoutMillis(3_000).build(), SMALL)) {
          assertEquals(0, client.pull(0, 1, new float[][] {new float[1000]}));
        }
      } finally {
        stop.set(true);
        attackers.shutdownNow();
        attackers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits until a further push is answered 503: both push slots are held by the tricklers. */
  private static void awaitPushSlotsTaken(TpsServer server, byte[] frame) throws Exception {
    RawHttp http = new RawHttp(server.endpoint());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (server.stats().busyRejections() > 0) {
        return;
      }
      http.post(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), frame);
    }
    throw new AssertionError("the slow pushes never took the push slots");
  }

  @Test
  void connectionsThatNeverFinishTheirHeadOrIdleAreClosed() throws Exception {
    try (TpsServer server = start(shortTimeouts().build(), SMALL);
        Socket partialHead = new Socket(server.endpoint().getHost(), server.endpoint().getPort());
        Socket idle = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
      partialHead
          .getOutputStream()
          .write("POST /v1/push HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      partialHead.setSoTimeout(10_000);
      idle.setSoTimeout(10_000);
      assertEquals(-1, readToEnd(partialHead), "a never-finished head is closed");
      assertEquals(-1, readToEnd(idle), "an idle connection is closed");
    }
  }

  private static int readToEnd(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // the server may answer 408 before closing
      }
      return -1;
    } catch (IOException reset) {
      return -1;
    }
  }

  @Test
  void connectionsBeyondTheBoundWaitUntilOneCloses() throws Exception {
    try (TpsServer server = start(TpsServerConfig.builder().maxConnections(2).build(), SMALL)) {
      Socket first = new Socket(server.endpoint().getHost(), server.endpoint().getPort());
      Socket second = new Socket(server.endpoint().getHost(), server.endpoint().getPort());
      try (TpsClient client =
          new TpsClient(
              server.clientConfig().requestTimeoutMillis(20_000).maxAttempts(1).build(), SMALL)) {
        ExecutorService pulls = Executors.newSingleThreadExecutor();
        try {
          Future<Long> pull =
              pulls.submit(() -> client.pull(0, 1, new float[][] {new float[1000]}));
          assertThrows(
              java.util.concurrent.TimeoutException.class, () -> pull.get(1, TimeUnit.SECONDS));
          first.close();
          assertEquals(0L, pull.get(10, TimeUnit.SECONDS), "served once a connection closed");
        } finally {
          pulls.shutdownNow();
        }
      } finally {
        first.close();
        second.close();
      }
    }
  }

  @Test
  void aLegitimateClientKeepsGoingAmongSlowBodyAndIdleAttackers() throws Exception {
    int attackers = 4;
    try (TpsServer server = start(shortTimeouts().maxConcurrentRequests(8).build(), SMALL)) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2 * attackers);
      try (TpsClient client = new TpsClient(server.clientConfig().build(), SMALL)) {
        long[] alone = roundTrips(client, 0);
        byte[] frame = frame(server, SMALL);
        for (int i = 0; i < attackers; i++) {
          pool.submit(() -> trickleForever(server, frame, stop));
          pool.submit(() -> idleForever(server, stop));
        }
        long[] attacked = roundTrips(client, alone.length);
        System.out.printf(
            "legitimate push+pull (ms): alone median %.2f p99 %.2f; among %d slow-body and %d idle"
                + " attackers median %.2f p99 %.2f max %.2f%n",
            alone[alone.length / 2] / 1e6,
            alone[alone.length * 99 / 100] / 1e6,
            attackers,
            attackers,
            attacked[attacked.length / 2] / 1e6,
            attacked[attacked.length * 99 / 100] / 1e6,
            attacked[attacked.length - 1] / 1e6);
        assertEquals(2 * ROUND_TRIPS, server.stats().pushesApplied());
      } finally {
        stop.set(true);
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static final int ROUND_TRIPS = 100;

  /** {@link #ROUND_TRIPS} push-and-pull plus pull round trips; their sorted times. */
  private static long[] roundTrips(TpsClient client, int firstSequence) {
    float[][] ones = {new float[1000]};
    Arrays.fill(ones[0], 1f);
    float[][] merged = {new float[1000]};
    long[] nanos = new long[ROUND_TRIPS];
    long base = firstSequence;
    for (int i = 0; i < ROUND_TRIPS; i++) {
      long start = System.nanoTime();
      base = client.pushAndPull(new PushHeader(0, 7, firstSequence + i, base), ones, merged);
      client.pull(0, 7, merged);
      nanos[i] = System.nanoTime() - start;
    }
    assertEquals(firstSequence + ROUND_TRIPS, base);
    Arrays.sort(nanos);
    return nanos;
  }

  private static Void trickleForever(TpsServer server, byte[] frame, AtomicBoolean stop)
      throws Exception {
    while (!stop.get()) {
      trickle(server, frame, 1, 100, stop);
    }
    return null;
  }

  private static Void idleForever(TpsServer server, AtomicBoolean stop) throws Exception {
    while (!stop.get()) {
      try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
        socket.setSoTimeout(200);
        while (!stop.get()) {
          try {
            if (socket.getInputStream().read() < 0) {
              break; // closed by the server: open the next one
            }
          } catch (SocketTimeoutException stillOpen) {
            // keep holding it
          }
        }
      } catch (IOException closed) {
        // reopen
      }
    }
    return null;
  }

  private static void assertOnePushMerges(TpsServer server, List<ParameterSpec> specs) {
    int floats = (int) specs.get(0).size();
    try (TpsClient client = new TpsClient(server.clientConfig().build(), specs)) {
      float[][] ones = {new float[floats]};
      Arrays.fill(ones[0], 1f);
      float[][] merged = {new float[floats]};
      assertEquals(1, client.pushAndPull(new PushHeader(0, 2, 0, 0), ones, merged));
      assertEquals(1f, merged[0][0], "only this push merged");
    }
  }

  private static <T extends Throwable> void assertThrows(
      Class<T> type, org.junit.jupiter.api.function.Executable call) {
    org.junit.jupiter.api.Assertions.assertThrows(type, call);
  }
}
