package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.DeltaSum;
import io.tensoronspark.combiners.MergeContext;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A merge is all or nothing per push, through the live server: finite pushes whose sum overflows, a
 * combiner that writes NaN and one that throws are refused (422 / 500 naming the combiner, the
 * parameter and the index or the exception), and the stored values, the version and the combiner
 * state stay bit for bit as they were (compared through checkpoint files, which hold all three).
 * Run with one shard per parameter and with many shards merged on parallel threads.
 */
@Timeout(60)
class MergeRefusalTest {

  private static final int FLOATS = 1000;
  private static final List<ParameterSpec> SPECS =
      List.of(
          new ParameterSpec("a", new long[] {FLOATS}), new ParameterSpec("b", new long[] {FLOATS}));

  @TempDir java.nio.file.Path dir;

  /** Adds the payload, counts merges in its state, and writes NaN where the payload is 7. */
  public static final class NanWriting implements Combiner {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "nan-writing";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {
      context.state().setCounter("merges", context.state().counter("merges") + 1);
      float[] sums = context.state().buffer("sums");
      for (int i = 0; i < value.length; i++) {
        value[i] += payload[i];
        sums[i] += payload[i];
        if (payload[i] == 7f) {
          value[i] = Float.NaN;
        }
      }
    }
  }

  /** Adds the payload and throws once the state says it merged before. */
  public static final class Throwing implements Combiner {
    private static final long serialVersionUID = 1L;
    static final IllegalStateException FAILURE = new IllegalStateException("momentum exploded");

    @Override
    public String name() {
      return "throwing";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {
      for (int i = 0; i < value.length; i++) {
        value[i] += payload[i];
      }
      if (context.state().counter("merges") > 0) {
        throw FAILURE;
      }
      context.state().setCounter("merges", 1);
    }
  }

  private static TpsServerConfig config(Combiner combiner, boolean manyShards) {
    TpsServerConfig.Builder b = TpsServerConfig.builder().combiner(combiner);
    if (manyShards) {
      b.chunkSizeFloats(100).mergeThreads(3).parallelMergeMinFloats(1);
    }
    return b.build();
  }

  private static float[][] payload(float value, int at) {
    float[][] p = {new float[FLOATS], new float[FLOATS]};
    p[1][at] = value;
    p[0][0] = 1f;
    return p;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void finitePushesWhoseSumOverflowsAreRefusedAndChangeNothing(boolean manyShards)
      throws Exception {
    try (TpsServer server =
            TpsServer.start(
                config(new DeltaSum(), manyShards),
                SPECS,
                List.of(new float[FLOATS], new float[FLOATS]));
        TpsClient client =
            new TpsClient(server.clientConfig().encoding(PayloadEncoding.TOP_K).build(), SPECS)) {
      float[][] merged = {new float[FLOATS], new float[FLOATS]};
      client.pushAndPull(new PushHeader(0, 1, 0, 0), payload(3e38f, 777), merged);
      byte[] before = checkpointBytes(server);
      TpsException refused =
          assertThrows(
              TpsException.class,
              () -> client.pushAndPull(new PushHeader(0, 1, 1, 1), payload(3e38f, 777), merged));
      assertEquals(422, refused.statusCode(), refused.getMessage());
      assertTrue(
          refused.getMessage().contains("parameter 'b' Infinity at index 777"),
          refused.getMessage());
      assertArrayEquals(before, checkpointBytes(server), "values, version and state unchanged");
      assertEquals(1, server.version());
      assertEquals(3e38f, server.snapshot().values(1)[777]);
      // The refused sequence was released: sent again with finite content, it merges.
      client.pushAndPull(new PushHeader(0, 1, 1, 1), payload(-1e38f, 777), merged);
      assertEquals(2, server.version());
      assertEquals(2e38f, merged[1][777], 1e32f);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCombinerWritingNanIsNamedAndChangesNothing(boolean manyShards) throws Exception {
    try (TpsServer server =
            TpsServer.start(
                config(new NanWriting(), manyShards),
                SPECS,
                List.of(new float[FLOATS], new float[FLOATS]));
        TpsClient client = new TpsClient(server.clientConfig().build(), SPECS)) {
      float[][] merged = {new float[FLOATS], new float[FLOATS]};
      client.pushAndPull(new PushHeader(0, 1, 0, 0), payload(2f, 950), merged);
      byte[] before = checkpointBytes(server);
      float[] bBefore = server.snapshot().values(1);
      TpsException refused =
          assertThrows(
              TpsException.class,
              () -> client.pushAndPull(new PushHeader(0, 1, 1, 1), payload(7f, 950), merged));
      assertEquals(422, refused.statusCode());
      assertTrue(
          refused
              .getMessage()
              .contains("combiner nan-writing would make parameter 'b' NaN at index 950"),
          refused.getMessage());
      assertArrayEquals(before, checkpointBytes(server), "values, version and state unchanged");
      assertTrue(Arrays.equals(bBefore, server.snapshot().values(1)));
      MergeRefusedException kept = server.lastMergeRefusal().orElseThrow();
      assertEquals("b", kept.parameter());
      assertEquals(950, kept.index());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aThrowingCombinerIsNamedToTheClientAndItsExceptionKeptForTheDriver(boolean manyShards)
      throws Exception {
    try (TpsServer server =
            TpsServer.start(
                config(new Throwing(), manyShards),
                SPECS,
                List.of(new float[FLOATS], new float[FLOATS]));
        TpsClient client = new TpsClient(server.clientConfig().build(), SPECS)) {
      float[][] merged = {new float[FLOATS], new float[FLOATS]};
      client.pushAndPull(new PushHeader(0, 1, 0, 0), payload(2f, 5), merged);
      byte[] before = checkpointBytes(server);
      TpsException refused =
          assertThrows(
              TpsException.class,
              () -> client.pushAndPull(new PushHeader(0, 1, 1, 1), payload(2f, 5), merged));
      assertEquals(500, refused.statusCode());
      assertTrue(
          refused.getMessage().contains("combiner throwing failed merging parameter")
              && refused.getMessage().contains("IllegalStateException: momentum exploded"),
          refused.getMessage());
      assertArrayEquals(before, checkpointBytes(server), "values, version and state unchanged");
      assertSame(Throwing.FAILURE, server.lastMergeRefusal().orElseThrow().getCause());
    }
  }

  private byte[] checkpointBytes(TpsServer server) throws Exception {
    Path file = server.checkpoint(new Path(dir.toUri()));
    return Files.readAllBytes(java.nio.file.Path.of(file.toUri()));
  }
}
