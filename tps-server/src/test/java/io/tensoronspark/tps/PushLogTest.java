package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.PushProgress;
import io.tensoronspark.tps.protocol.PushRecord;
import io.tensoronspark.tps.protocol.PushTotals;
import io.tensoronspark.tps.protocol.WorkerTotals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PushLogTest extends LiveTwoParamsServer {

  @Test
  void appliedPushesAddTheirProgressOnceEvenWhenRetried() {
    try (TpsClient client = client()) {
      float[][] merged = TwoParams.arrays();
      long base = client.pull(merged);
      base =
          client.pushAndPull(
              new PushHeader(0, 11, 0, base, new PushProgress(100, 2, 50.0, new double[] {90})),
              TwoParams.filled(0.5f),
              merged);
      base =
          client.pushAndPull(
              new PushHeader(1, 12, 0, base, new PushProgress(60, 1, 12.0)),
              TwoParams.filled(0.5f),
              merged);
      // the same (attempt, sequence) again: a retry, answered as a duplicate and not counted
      client.pushAndPull(
          new PushHeader(1, 12, 0, base, new PushProgress(60, 1, 12.0)),
          TwoParams.filled(0.5f),
          merged);
      assertTrue(client.lastPushWasDuplicate());
      client.pushAndPull(new PushHeader(0, 11, 1, 0), TwoParams.filled(0.5f), merged);
    }
    PushTotals totals = server.pushLog().totals();
    assertEquals(3, totals.pushes());
    assertEquals(160, totals.samples());
    assertEquals(3, totals.steps());
    assertEquals(62.0, totals.lossSum());
    assertEquals(90.0, totals.metricSums()[0]);
    assertEquals(2, totals.workers().size());
    WorkerTotals w0 = totals.workers().get(0);
    assertEquals(
        List.of(0, 2, 100L, 2L),
        List.of(w0.workerId(), (int) w0.pushes(), w0.samples(), w0.steps()));
    assertEquals(2, w0.lastStaleness(), "its last push was based on version 0, the server at 2");
    assertEquals(
        2, totals.stalenessHistogram()[0], "the first two pushes were based on the newest");
    assertEquals(0, totals.stalenessHistogram()[1]);
    assertEquals(1, totals.stalenessHistogram()[2]);
    List<PushRecord> records = server.pushLog().since(1);
    assertEquals(2, records.size());
    assertEquals(1, records.get(0).workerId());
    assertEquals(0.2, records.get(0).meanLoss(), 1e-12);
    assertEquals(0, records.get(1).samples(), "a push without progress counts as a push only");
    assertEquals(server.stats().pushesApplied(), server.pushLog().recorded());
  }

  @Test
  void theHistoryKeepsTheLatestPushesOnly() {
    PushLog log = new PushLog(3);
    for (int i = 0; i < 5; i++) {
      log.record(i % 2, 7, i + 1, 0, new PushProgress(i, 1, 0));
    }
    List<PushRecord> kept = log.since(0);
    assertEquals(List.of(2L, 3L, 4L), kept.stream().map(PushRecord::index).toList());
    assertEquals(10, log.totals().samples(), "totals count every push, kept or not");
    assertEquals(List.of(4L), log.since(4).stream().map(PushRecord::index).toList());
    assertEquals(List.of(), log.since(5));
    assertThrows(IllegalArgumentException.class, () -> new PushLog(0));
  }

  @Test
  void stalenessBucketsDoubleInWidth() {
    long[] staleness = {0, 1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 64, 65, 1_000_000};
    int[] bucket = {0, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8};
    for (int i = 0; i < staleness.length; i++) {
      assertEquals(bucket[i], PushLog.bucket(staleness[i]), "staleness " + staleness[i]);
    }
  }
}
