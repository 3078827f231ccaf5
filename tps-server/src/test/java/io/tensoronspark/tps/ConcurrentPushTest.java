package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.PushHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentPushTest {

  private static final int THREADS = 8;
  private static final int PUSHES = 50;

  @ParameterizedTest(name = "merge threads {0}")
  @ValueSource(ints = {1, 3})
  @Timeout(60)
  void concurrentDeltaSumPushesAddUpExactly(int mergeThreads) throws Exception {
    // chunk 4 splits W (15) into 4 shards and b (7) into 2, so pushes interleave shard by shard;
    // with 3 merge
    // threads and no size threshold, the shards of every push are merged in parallel too.
    TpsServerConfig config =
        TpsServerConfig.builder()
            .chunkSizeFloats(4)
            .workerCount(THREADS)
            .mergeThreads(mergeThreads)
            .parallelMergeMinFloats(1)
            .build();
    try (TpsServer server = TpsServer.start(config, TwoParams.SPECS, TwoParams.initial())) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch ready = new CountDownLatch(THREADS);
      List<Future<float[][]>> sums = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int worker = t;
        Callable<float[][]> task = () -> pushRandomDeltas(server, worker, ready);
        sums.add(pool.submit(task));
      }
      float[][] expected = {TwoParams.initial().get(0).clone(), TwoParams.initial().get(1).clone()};
      for (Future<float[][]> sum : sums) {
        float[][] s = sum.get(50, TimeUnit.SECONDS);
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < s[p].length; i++) {
            expected[p][i] += s[p][i];
          }
        }
      }
      pool.shutdown();
      ParameterSnapshot snapshot = server.snapshot();
      assertEquals(THREADS * PUSHES, snapshot.version());
      assertArrayEquals(expected[0], snapshot.values(0));
      assertArrayEquals(expected[1], snapshot.values(1));
      assertEquals(THREADS * PUSHES, server.stats().pushesApplied());
      for (int t = 0; t < THREADS; t++) {
        assertEquals(PUSHES, server.stats().pushesByWorker().get(t));
      }
    }
  }

  /** Pushes integer-valued deltas (exact float sums) and returns their sum. */
  private static float[][] pushRandomDeltas(TpsServer server, int worker, CountDownLatch ready)
      throws Exception {
    Random random = new Random(1000 + worker);
    float[][] sum = TwoParams.arrays();
    float[][] merged = TwoParams.arrays();
    try (TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      long base = client.pull(merged);
      ready.countDown();
      ready.await(20, TimeUnit.SECONDS);
      for (int n = 0; n < PUSHES; n++) {
        float[][] delta = TwoParams.arrays();
        for (int p = 0; p < 2; p++) {
          for (int i = 0; i < delta[p].length; i++) {
            delta[p][i] = random.nextInt(21) - 10;
            sum[p][i] += delta[p][i];
          }
        }
        base = client.pushAndPull(new PushHeader(worker, worker, n, base), delta, merged);
      }
    }
    return sum;
  }
}
