package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.PushHeader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RequestLimitTest {

  /**
   * Waits (spinning on the counter, bounded) until the server has answered {@code n} requests with
   * 503.
   */
  private static void awaitBusyRejections(TpsServer server, long n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.stats().busyRejections() < n) {
      assertTrue(System.nanoTime() < deadline, "no 503 within 20 s");
      Thread.onSpinWait();
    }
  }

  @Test
  void requestsBeyondTheLimitGet503WithRetryAfterAndTheClientRetries() throws Exception {
    TpsServerConfig config =
        TpsServerConfig.builder()
            .maxConcurrentRequests(1)
            .maxQueuedRequests(0)
            .retryAfterSeconds(1)
            .build();
    try (TpsServer server = TpsServer.start(config, TwoParams.SPECS, TwoParams.initial())) {
      byte[] held = TwoParams.pushFrame(server.runId(), 1, 1, 0, TwoParams.filled(1f));
      // Occupies the server's only request slot: the handler waits in its body read until the rest
      // of the body comes.
      try (Socket slot = RawHttp.partialPush(server, held, 10)) {
        // The slot's push has not reached the handler's merge; wait until the server counts a 503
        // for our probe.
        // Pushes and pulls have separate limits: the probe is a push.
        byte[] probe = TwoParams.pushFrame(server.runId(), 3, 0, 0, TwoParams.filled(1f));
        HttpResponse<byte[]> busy =
            new RawHttp(server.endpoint())
                .post(HttpProtocol.PUSH_PATH, "Bearer " + server.token(), probe);
        assertEquals(503, busy.statusCode(), RawHttp.text(busy));
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
        awaitBusyRejections(server, 1);

        TpsClientConfig clientConfig =
            server.clientConfig().maxAttempts(5).initialBackoffMillis(10).build();
        long start = System.nanoTime();
        CompletableFuture<Long> push =
            CompletableFuture.supplyAsync(
                () -> {
                  try (TpsClient client = new TpsClient(clientConfig, TwoParams.SPECS)) {
                    return client.pushAndPull(
                        new PushHeader(0, 2, 0, 0), TwoParams.filled(1f), TwoParams.arrays());
                  }
                });
        awaitBusyRejections(server, 2);
        slot.getOutputStream().write(held, 10, held.length - 10);
        slot.getOutputStream().flush();
        assertEquals(
            2, push.get(20, TimeUnit.SECONDS), "the retried push is applied after the held one");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900, "Retry-After of 1 s honoured, retried after " + millis + " ms");
      }
      assertEquals(2, server.stats().pushesApplied());
    }
  }
}
