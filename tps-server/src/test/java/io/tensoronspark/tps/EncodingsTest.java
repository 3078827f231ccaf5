package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class EncodingsTest {

  private static final List<ParameterSpec> SPECS =
      List.of(
          new ParameterSpec("w", new long[] {40, 10}), new ParameterSpec("bias", new long[] {3}));

  private static List<float[]> zeros() {
    return List.of(new float[400], new float[3]);
  }

  @ParameterizedTest
  @EnumSource(PayloadEncoding.class)
  void everyEncodingMergesRepresentableValuesExactly(PayloadEncoding encoding) {
    try (TpsServer server = TpsServer.start(TpsServerConfig.builder().build(), SPECS, zeros());
        TpsClient client =
            new TpsClient(
                server.clientConfig().encoding(encoding).topKFraction(0.5).build(), SPECS)) {
      float[][] payload = {new float[400], {0.5f, -2f, 1024f}};
      for (int i = 0; i < 400; i++) {
        payload[0][i] = (i % 7) - 3.25f;
      }
      float[][] merged = {new float[400], new float[3]};
      assertEquals(1, client.pushAndPull(new PushHeader(0, 1, 1, 0), payload, merged));
      float[] expectedW = payload[0].clone();
      if (encoding == PayloadEncoding.TOP_K) {
        // k = 200 of 400: every element with |v| >= 2.25, then those with |v| = 1.75 in index order
        // up to 200.
        int above = 0;
        for (float v : payload[0]) {
          above += Math.abs(v) >= 2.25f ? 1 : 0;
        }
        int ties = 0;
        for (int i = 0; i < 400; i++) {
          float v = payload[0][i];
          boolean sent = Math.abs(v) >= 2.25f || (Math.abs(v) == 1.75f && ++ties <= 200 - above);
          assertEquals(sent ? v : 0f, merged[0][i], "element " + i);
        }
        // The bias (3 elements) is too small for top-k (k > n/2) and goes as F32.
        assertArrayEquals(payload[1], merged[1]);
        // A zero push sends the 200 residual elements: now the server holds the whole payload.
        client.pushAndPull(
            new PushHeader(0, 1, 2, 1), new float[][] {new float[400], new float[3]}, merged);
      }
      assertArrayEquals(expectedW, merged[0]);
      assertArrayEquals(payload[1], merged[1]);
      assertArrayEquals(expectedW, server.snapshot().values(0));
    }
  }
}
