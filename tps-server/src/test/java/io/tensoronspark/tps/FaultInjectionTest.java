package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client's fault injection knob against a live server: retries with backoff, and the server's
 * deduplication.
 */
@Timeout(60)
class FaultInjectionTest {

  private static final int PUSHES = 200;

  private static TpsClientConfig.Builder faulty(TpsServer server) {
    return server
        .clientConfig()
        .dropRequestShare(0.3)
        .dropReplyShare(0.3)
        .faultSeed(7)
        .maxAttempts(20)
        .initialBackoffMillis(1)
        .maxBackoffMillis(4);
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
        TpsClient client =
            new TpsClient(faulty(server).transport(transport).build(), TwoParams.SPECS)) {
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
      long replyDrops = client.injectedReplyDrops();
      long requestDrops = client.injectedDrops() - replyDrops;
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
        TpsClient client =
            new TpsClient(
                server
                    .clientConfig()
                    .dropRequestShare(0.999_999)
                    .maxAttempts(3)
                    .initialBackoffMillis(1)
                    .build(),
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
      assertEquals(3, client.injectedDrops());
      assertEquals(0, server.stats().pushesApplied() + server.stats().pushesDuplicate());
    }
  }

  @Test
  void sharesAreCheckedAndTheKnobTravelsWithTheConfig() throws Exception {
    TpsClientConfig.Builder base =
        TpsClientConfig.builder().endpoint(URI.create("http://127.0.0.1:1")).token("t");
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> base.dropRequestShare(1).build());
    assertEquals(
        "dropRequestShare must be in [0, 1) (a share of requests; 1 would never get through), got 1.0",
        one.getMessage());
    base.dropRequestShare(0);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> base.dropReplyShare(-0.1).build())
            .getMessage()
            .startsWith("dropReplyShare must be in [0, 1)"));
    assertThrows(IllegalArgumentException.class, () -> base.dropReplyShare(Double.NaN).build());

    TpsClientConfig plain = base.dropReplyShare(0).build();
    assertEquals(TpsClientConfig.DEFAULT_DROP_REQUEST_SHARE, plain.dropRequestShare());
    assertFalse(plain.injectsFaults());
    assertFalse(plain.toString().contains("FAULTS"), plain.toString());

    TpsClientConfig faulty = base.dropReplyShare(0.25).faultSeed(99).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(faulty);
    }
    TpsClientConfig copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TpsClientConfig) in.readObject();
    }
    assertEquals(0.25, copy.dropReplyShare());
    assertEquals(99, copy.faultSeed());
    assertTrue(copy.injectsFaults());
    assertTrue(
        copy.toString().contains("FAULTS: drop requests 0.0, drop replies 0.25, seed 99"),
        copy.toString());
    assertEquals(0.25, copy.toBuilder().build().dropReplyShare());
  }
}
