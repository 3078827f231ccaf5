package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.SupersededAttemptException;
import io.tensoronspark.tps.protocol.TpsStats;
import io.tensoronspark.tps.wire.FrameFormat;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The newest task attempt of a partition wins: Spark speculation and zombie attempts against a live
 * server.
 */
@Timeout(30)
class SpeculativeAttemptsTest extends LiveTwoParamsServer {

  private static final int PARTITION = 2;
  private static final long OLDER = 10;
  private static final long NEWER = 20;

  private static long push(TpsClient client, long attempt, long sequence, float delta) {
    return client.pushAndPull(
        new PushHeader(PARTITION, attempt, sequence, 0),
        TwoParams.filled(delta),
        TwoParams.arrays());
  }

  @Test
  void anOlderAttemptIsSupersededOnceANewerOneHasPushed() throws Exception {
    try (TpsClient newer = client();
        TpsClient older = client()) {
      push(newer, NEWER, 1, 3f);
      ParameterSnapshot before = server.snapshot();
      SupersededAttemptException e =
          assertThrows(SupersededAttemptException.class, () -> push(older, OLDER, 1, 1f));
      assertEquals(409, e.statusCode());
      assertTrue(
          e.getMessage()
              .contains(
                  "(attempt 1) with 409: superseded: partition 2 is owned by attempt 20, this is"
                      + " attempt 10"),
          e.getMessage());
      ParameterSnapshot after = server.snapshot();
      assertEquals(before.version(), after.version());
      assertArrayEquals(before.values(0), after.values(0));
      assertArrayEquals(before.values(1), after.values(1));
    }
    HttpResponse<byte[]> raw =
        http.post(
            HttpProtocol.PUSH_PATH,
            bearer,
            TwoParams.pushFrame(server.runId(), PARTITION, OLDER, 2, 1, TwoParams.filled(1f)));
    assertEquals(409, raw.statusCode());
    assertEquals(
        ErrorCode.SUPERSEDED.wire(),
        raw.headers().firstValue(HttpProtocol.ERROR_CODE_HEADER).orElse(""));
    assertEquals(
        "superseded: partition 2 is owned by attempt 20, this is attempt 10",
        RawHttp.text(raw).trim());
    TpsStats stats = server.stats();
    assertEquals(1, stats.pushesApplied());
    assertEquals(2, stats.pushesSuperseded());
    assertEquals(2, stats.pushesRejected(), "superseded pushes are rejected pushes");
    assertEquals(TwoParams.initial().get(0)[4] + 3f, server.snapshot().values(0)[4]);
  }

  @Test
  void aNewerAttemptTakesOverFromAnOlderOne() {
    try (TpsClient older = client();
        TpsClient newer = client()) {
      assertEquals(1, push(older, OLDER, 1, 1f));
      assertEquals(2, push(older, OLDER, 2, 1f));
      assertEquals(3, push(newer, NEWER, 1, 10f));
      assertThrows(SupersededAttemptException.class, () -> push(older, OLDER, 3, 1f));
      assertEquals(4, push(newer, NEWER, 2, 10f));
    }
    assertEquals(TwoParams.initial().get(1)[5] + 22f, server.snapshot().values(1)[5]);
    assertEquals(4, server.stats().pushesApplied());
    assertEquals(1, server.stats().pushesSuperseded());
    assertEquals(4L, server.stats().pushesByWorker().get(PARTITION));
  }

  @Test
  void aPullWithIdentityClaimsThePartition() {
    float[][] out = TwoParams.arrays();
    try (TpsClient older = client();
        TpsClient newer = client()) {
      assertEquals(0, older.pull(PARTITION, OLDER, out));
      assertEquals(1, push(older, OLDER, 1, 1f));
      assertEquals(1, newer.pull(PARTITION, NEWER, out), "a speculative copy starts with a pull");
      assertEquals(TwoParams.initial().get(0)[0] + 1f, out[0][0]);
      SupersededAttemptException push =
          assertThrows(SupersededAttemptException.class, () -> push(older, OLDER, 2, 1f));
      assertTrue(
          push.getMessage().contains("owned by attempt 20, this is attempt 10"), push.getMessage());
      SupersededAttemptException pull =
          assertThrows(SupersededAttemptException.class, () -> older.pull(PARTITION, OLDER, out));
      assertTrue(
          pull.getMessage().contains("pulling as attempt 10 of partition 2"), pull.getMessage());
      assertEquals(1, older.pull(out), "an anonymous pull claims nothing and is never superseded");
      assertEquals(2, push(newer, NEWER, 1, 1f));
      assertThrows(IllegalArgumentException.class, () -> newer.pull(-1, OLDER, out));
    }
    TpsStats stats = server.stats();
    assertEquals(2, stats.pushesApplied());
    assertEquals(1, stats.pushesSuperseded());
    assertEquals(1, stats.pullsSuperseded());
    assertEquals(3, stats.pulls());
  }

  @Test
  void retriesOfAppliedPushesAreStillDuplicates() throws Exception {
    byte[] owner =
        TwoParams.pushFrame(server.runId(), PARTITION, NEWER, 1, 0, TwoParams.filled(1f));
    assertEquals(200, http.post(HttpProtocol.PUSH_PATH, bearer, owner).statusCode());
    assertDuplicate(http.post(HttpProtocol.PUSH_PATH, bearer, owner));

    // An older attempt's push applied before the takeover: its retry gets the answer the original
    // got.
    byte[] zombie = TwoParams.pushFrame(server.runId(), 3, OLDER, 1, 1, TwoParams.filled(1f));
    assertEquals(200, http.post(HttpProtocol.PUSH_PATH, bearer, zombie).statusCode());
    try (TpsClient newer = client()) {
      newer.pull(3, NEWER, TwoParams.arrays());
    }
    assertDuplicate(http.post(HttpProtocol.PUSH_PATH, bearer, zombie));
    byte[] zombieNext = TwoParams.pushFrame(server.runId(), 3, OLDER, 2, 2, TwoParams.filled(1f));
    assertEquals(409, http.post(HttpProtocol.PUSH_PATH, bearer, zombieNext).statusCode());
    assertEquals(2, server.stats().pushesApplied());
    assertEquals(2, server.stats().pushesDuplicate());
    assertEquals(1, server.stats().pushesSuperseded());
  }

  private static void assertDuplicate(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode());
    assertEquals(
        FrameFormat.FLAG_DUPLICATE,
        ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN).getShort(6));
  }

  @Test
  void workerMinusOneAndOutOfRangeIdsAre400() throws Exception {
    byte[] unknown = TwoParams.pushFrame(server.runId(), -1, NEWER, 1, 0, TwoParams.filled(1f));
    HttpResponse<byte[]> minusOne = http.post(HttpProtocol.PUSH_PATH, bearer, unknown);
    assertEquals(400, minusOne.statusCode(), "no worker id is exempt from ownership");
    assertTrue(RawHttp.text(minusOne).contains("workerId must be in 0..1048575, got -1"));
    assertPull400("?worker=-1&attempt=1", "'worker' must be in 0..1048575, got -1");
    assertEquals(0, server.stats().pushesApplied());

    byte[] tooLarge =
        TwoParams.pushFrame(server.runId(), 1 << 20, NEWER, 2, 0, TwoParams.filled(1f));
    HttpResponse<byte[]> refused = http.post(HttpProtocol.PUSH_PATH, bearer, tooLarge);
    assertEquals(400, refused.statusCode());
    assertTrue(
        RawHttp.text(refused).contains("workerId must be in 0..1048575, got 1048576"),
        RawHttp.text(refused));
    assertThrows(IllegalArgumentException.class, () -> new PushHeader(1 << 20, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new PushHeader(-1, 1, 1, 0));

    assertPull400("?worker=1", "both 'worker' and 'attempt' or neither, got only 'worker'");
    assertPull400("?attempt=1", "got only 'attempt'");
    assertPull400("?worker=x&attempt=1", "'worker' must be a decimal integer, got 'x'");
    assertPull400("?worker=1048576&attempt=1", "'worker' must be in 0..1048575, got 1048576");
    assertPull400("?worker=1&worker=2&attempt=1", "'worker' given 2 times");
    assertEquals(
        200, http.get(HttpProtocol.PULL_PATH + "?worker=1048575&attempt=1", bearer).statusCode());
    assertEquals(0, server.version());
  }

  private void assertPull400(String query, String reason) throws Exception {
    HttpResponse<byte[]> response = http.get(HttpProtocol.PULL_PATH + query, bearer);
    assertEquals(400, response.statusCode(), query);
    assertTrue(RawHttp.text(response).contains(reason), RawHttp.text(response));
  }

  /**
   * Per partition, an older attempt pushes +1 into its own element until it is superseded, while a
   * newer attempt starts after the older one's first push and pushes +1 into another element. The
   * newer attempt's first reply shows how many older pushes had merged by then; the final values
   * must show exactly that many: no older push merged after the newer attempt's first push, and
   * every older push that merged was reported as applied.
   */
  @Test
  void noOlderPushMergesAfterTheNewerAttemptsFirstPush() throws Exception {
    int partitions = 4;
    int newerPushes = 40;
    List<ParameterSpec> specs = List.of(new ParameterSpec("counts", new long[] {2 * partitions}));
    try (TpsServer race =
        TpsServer.start(
            TpsServerConfig.builder().workerCount(partitions).build(),
            specs,
            List.of(new float[2 * partitions]))) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * partitions);
      List<Future<Long>> olderApplied = new ArrayList<>();
      List<Future<Float>> olderSeenByNewer = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        int partition = p;
        CountDownLatch olderStarted = new CountDownLatch(1);
        olderApplied.add(
            pool.submit(() -> pushUntilSuperseded(race, specs, partition, olderStarted)));
        olderSeenByNewer.add(
            pool.submit(() -> pushAsNewer(race, specs, partition, newerPushes, olderStarted)));
      }
      long applied = 0;
      float[] seenByNewer = new float[partitions];
      long[] olderCounts = new long[partitions];
      for (int p = 0; p < partitions; p++) {
        olderCounts[p] = olderApplied.get(p).get(25, TimeUnit.SECONDS);
        seenByNewer[p] = olderSeenByNewer.get(p).get(25, TimeUnit.SECONDS);
        applied += olderCounts[p];
      }
      float[] values = race.snapshot().values(0);
      for (int p = 0; p < partitions; p++) {
        assertEquals(
            seenByNewer[p],
            values[2 * p],
            "older pushes merged after the newer attempt's first push");
        assertEquals(
            (float) olderCounts[p], values[2 * p], "older pushes applied = older pushes merged");
        assertEquals(newerPushes, values[2 * p + 1]);
      }
      pool.shutdown();
      assertEquals(applied + (long) partitions * newerPushes, race.stats().pushesApplied());
      assertEquals(partitions, race.stats().pushesSuperseded());
    }
  }

  /** Pushes +1 into element 2p as attempt 100 + p until superseded; returns the pushes applied. */
  private static long pushUntilSuperseded(
      TpsServer race, List<ParameterSpec> specs, int partition, CountDownLatch started) {
    float[][] delta = {new float[specs.get(0).size()]};
    delta[0][2 * partition] = 1f;
    float[][] merged = {new float[specs.get(0).size()]};
    long applied = 0;
    try (TpsClient client = new TpsClient(race.clientConfig().build(), specs)) {
      long base = client.pull(partition, 100 + partition, merged);
      for (long sequence = 1; ; sequence++) {
        try {
          base =
              client.pushAndPull(
                  new PushHeader(partition, 100 + partition, sequence, base), delta, merged);
        } catch (SupersededAttemptException e) {
          return applied;
        }
        applied++;
        started.countDown();
      }
    }
  }

  /**
   * Waits for the older attempt's first push, then pushes +1 into element 2p + 1 as attempt 200 +
   * p; returns the older attempt's element as the first reply showed it.
   */
  private static float pushAsNewer(
      TpsServer race,
      List<ParameterSpec> specs,
      int partition,
      int pushes,
      CountDownLatch olderStarted)
      throws InterruptedException {
    assertTrue(olderStarted.await(20, TimeUnit.SECONDS));
    float[][] delta = {new float[specs.get(0).size()]};
    delta[0][2 * partition + 1] = 1f;
    float[][] merged = {new float[specs.get(0).size()]};
    float seen = Float.NaN;
    try (TpsClient client = new TpsClient(race.clientConfig().build(), specs)) {
      long base = race.version();
      for (int sequence = 1; sequence <= pushes; sequence++) {
        base =
            client.pushAndPull(
                new PushHeader(partition, 200 + partition, sequence, base), delta, merged);
        if (sequence == 1) {
          seen = merged[0][2 * partition];
        }
      }
    }
    return seen;
  }
}
