package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.StalePushException;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StalenessTest {

  private static TpsServer server(StalenessPolicy policy) {
    TpsServerConfig config =
        TpsServerConfig.builder().maxStaleness(1).stalenessPolicy(policy).build();
    return TpsServer.start(config, TwoParams.SPECS, TwoParams.initial());
  }

  /**
   * Two pushes from worker 0 take the server to version 2; a push based on version 0 is then 2
   * stale.
   */
  private static void advanceToVersionTwo(TpsClient client) {
    float[][] merged = TwoParams.arrays();
    long v = client.pushAndPull(new PushHeader(0, 1, 1, 0), TwoParams.filled(1f), merged);
    client.pushAndPull(new PushHeader(0, 1, 2, v), TwoParams.filled(1f), merged);
  }

  @Test
  void rejectPolicyRefusesTooStalePushesWithStalePushException() {
    try (TpsServer server = server(StalenessPolicy.REJECT);
        TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      advanceToVersionTwo(client);
      ParameterSnapshot before = server.snapshot();
      StalePushException e =
          assertThrows(
              StalePushException.class,
              () ->
                  client.pushAndPull(
                      new PushHeader(1, 2, 1, 0), TwoParams.filled(5f), TwoParams.arrays()));
      assertEquals(409, e.statusCode());
      assertTrue(e.getMessage().contains("staleness 2 exceeds maxStaleness 1"), e.getMessage());
      assertArrayEquals(before.values(0), server.snapshot().values(0));
      assertEquals(2, server.version());
      assertEquals(1, server.stats().pushesStaleRejected());
      // The caller re-pulls and pushes again with a new sequence: accepted (staleness 0).
      float[][] merged = TwoParams.arrays();
      long base = client.pull(merged);
      assertEquals(
          3, client.pushAndPull(new PushHeader(1, 2, 2, base), TwoParams.filled(5f), merged));
      // A push exactly maxStaleness behind is merged as is.
      assertEquals(
          4, client.pushAndPull(new PushHeader(1, 2, 3, base), TwoParams.filled(1f), merged));
    }
  }

  /**
   * Under TOP_K a refused push is dropped whole: its leftover does not stay in the residual to be
   * sent by later pushes, so after the refusal a push of zeros changes nothing.
   */
  @Test
  void rejectedTopKPushLeavesNothingInTheResidual() {
    try (TpsServer server = server(StalenessPolicy.REJECT);
        TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS);
        TpsClient topK =
            new TpsClient(
                server.clientConfig().encoding(PayloadEncoding.TOP_K).topKFraction(0.2).build(),
                TwoParams.SPECS)) {
      advanceToVersionTwo(client);
      float[][] update = TwoParams.arrays();
      for (float[] a : update) {
        for (int i = 0; i < a.length; i++) {
          a[i] = i + 1f;
        }
      }
      assertThrows(
          StalePushException.class,
          () -> topK.pushAndPull(new PushHeader(1, 2, 1, 0), update, TwoParams.arrays()));
      ParameterSnapshot before = server.snapshot();
      float[][] merged = TwoParams.arrays();
      long base = topK.pull(merged);
      topK.pushAndPull(new PushHeader(1, 2, 2, base), TwoParams.filled(0f), merged);
      assertArrayEquals(before.values(0), merged[0], "W changed: a refused leftover was sent");
      assertArrayEquals(before.values(1), merged[1], "b changed: a refused leftover was sent");
    }
  }

  @Test
  void scalePolicyMergesTooStalePushesScaledByMaxStalenessOverStaleness() {
    try (TpsServer server = server(StalenessPolicy.SCALE);
        TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      advanceToVersionTwo(client);
      float[] before = server.snapshot().values(0);
      float[][] merged = TwoParams.arrays();
      assertEquals(3, client.pushAndPull(new PushHeader(1, 2, 1, 0), TwoParams.filled(6f), merged));
      assertTrue(client.lastPushWasScaled());
      for (int i = 0; i < before.length; i++) {
        assertEquals(before[i] + 3f, merged[0][i], "6 * 1/2 added at element " + i);
      }
      assertEquals(1, server.stats().pushesStaleScaled());
      client.pushAndPull(new PushHeader(1, 2, 2, 3), TwoParams.filled(1f), merged);
      assertFalse(client.lastPushWasScaled());
    }
  }
}
