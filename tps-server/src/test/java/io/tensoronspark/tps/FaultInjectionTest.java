package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.ClientTransport;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import io.tensoronspark.tps.protocol.TpsStats;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client faults (the test seam {@link ClientFaults}) against a live server: retries with backoff,
 * and the server's deduplication.
 */
@Timeout(60)
class FaultInjectionTest {

  private static final int PUSHES = 200;

  private static TpsClientConfig.Builder retrying(TpsServer server) {
    return server.clientConfig().maxAttempts(20).initialBackoffMillis(1).maxBackoffMillis(4);
  }

  /**
   * 200 pushes of integer deltas through a client that drops 30% of requests and 30% of replies:
   * every push is applied exactly once (exact sums, versions 1..200), and every dropped reply made
   * exactly one duplicate on the server.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(ClientTransport.class)
  void everyPushIsAppliedExactlyOnceDespiteDroppedRequestsAndReplies(ClientTransport transport)
      throws Exception {
    try (TpsServer server =
            TpsServer.start(
                TpsServerConfig.builder().build(), TwoParams.SPECS, TwoParams.initial());
        ClientFaults faults = ClientFaults.inject(0.3, 0.3, 7);
        TpsClient client =
            new TpsClient(retrying(server).transport(transport).build(), TwoParams.SPECS)) {
      Random random = new Random(11);
      float[][] expected = {TwoParams.initial().get(0).clone(), TwoParams.initial().get(1).clone()};
      float[][] merged = TwoParams.arrays();
      long version = 0;
      for (int n = 1; n <= PUSHES; n++) {
        float[][] delta = TwoParams.arrays();
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < delta[p].length; i++) {
            delta[p][i] = random.nextInt(21) - 10;
            expected[p][i] += delta[p][i];
          }
        }
        version = client.pushAndPull(new PushHeader(0, 1, n, version), delta, merged);
        assertEquals(n, version, "push " + n + " applied once, right after push " + (n - 1));
        assertArrayEquals(expected[0], merged[0], "reply to push " + n);
        assertArrayEquals(expected[1], merged[1], "reply to push " + n);
      }
      assertArrayEquals(expected[0], server.snapshot().values(0));
      assertArrayEquals(expected[1], server.snapshot().values(1));

      TpsStats stats = server.stats();
      long replyDrops = faults.repliesDropped();
      long requestDrops = faults.requestsDropped();
      assertEquals(1, faults.clients());
      assertEquals(PUSHES, stats.pushesApplied());
      assertTrue(
          replyDrops > 0 && requestDrops > 0,
          "drops: " + requestDrops + " requests, " + replyDrops + " replies");
      assertEquals(
          replyDrops,
          stats.pushesDuplicate(),
          "each dropped reply is retried once more as a duplicate");
      assertEquals(0, stats.pushesRejected());

      float[][] pulled = TwoParams.arrays();
      assertEquals(PUSHES, client.pull(pulled), "pulls retry too");
      assertArrayEquals(expected[0], pulled[0]);
    }
  }

  /**
   * Every injected drop costs one attempt of the normal budget: with (nearly) every request
   * dropped, it runs out.
   */
  @Test
  void dropsUseTheNormalRetryBudget() {
    try (TpsServer server =
            TpsServer.start(
                TpsServerConfig.builder().build(), TwoParams.SPECS, TwoParams.initial());
        ClientFaults faults = ClientFaults.inject(0.999_999, 0, 0);
        TpsClient client =
            new TpsClient(
                server.clientConfig().maxAttempts(3).initialBackoffMillis(1).build(),
                TwoParams.SPECS)) {
      TpsException e =
          assertThrows(
              TpsException.class,
              () ->
                  client.pushAndPull(
                      new PushHeader(0, 1, 1, 0), TwoParams.filled(1f), TwoParams.arrays()));
      assertEquals(TpsException.NO_STATUS, e.statusCode());
      assertTrue(
          e.getMessage().contains("unreachable after 3 attempts pushing seq 1"), e.getMessage());
      assertTrue(
          e.getMessage().contains("injected fault: POST /v1/push dropped before sending"),
          e.getMessage());
      assertEquals(3, faults.requestsDropped() + faults.repliesDropped());
      assertEquals(0, server.stats().pushesApplied() + server.stats().pushesDuplicate());
    }
  }

  @Test
  void sharesAreCheckedAndNothingIsInjectedOnceClosed() throws Exception {
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> ClientFaults.inject(1, 0, 0));
    assertEquals(
        "dropRequestShare must be in [0, 1) (a share of requests; 1 would never get through), got 1.0",
        one.getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ClientFaults.inject(0, -0.1, 0))
            .getMessage()
            .startsWith("dropReplyShare must be in [0, 1)"));
    assertThrows(IllegalArgumentException.class, () -> ClientFaults.inject(0, Double.NaN, 0));

    try (TpsServer server =
        TpsServer.start(TpsServerConfig.builder().build(), TwoParams.SPECS, TwoParams.initial())) {
      ClientFaults faults = ClientFaults.inject(0.999_999, 0, 0);
      faults.close();
      try (TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
        assertEquals(0, client.pull(TwoParams.arrays()), "a client made after close is plain");
      }
      assertEquals(0, faults.clients());
    }
  }
}
