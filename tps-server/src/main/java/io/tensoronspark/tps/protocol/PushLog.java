package io.tensoronspark.tps.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's record of applied pushes and their progress: running totals since start (overall,
 * per worker, a staleness histogram) and a bounded history of the latest {@link #capacity()} pushes
 * (a ring: older ones are overwritten). The driver reads it to follow an epoch at push granularity;
 * the dashboard draws it. Thread-safe: {@link #record} is called by the request threads that merge
 * pushes, readers from any thread; every method holds the log's monitor for a few field updates or
 * one copy.
 */
public final class PushLog {

  /** Pushes kept in the history by default. */
  public static final int DEFAULT_CAPACITY = 4096;

  /**
   * Labels of the staleness histogram's buckets: 0, 1, 2, 3-4, 5-8, 9-16, 17-32, 33-64 and more.
   */
  public static final List<String> STALENESS_BUCKETS =
      List.of("0", "1", "2", "3-4", "5-8", "9-16", "17-32", "33-64", ">64");

  private final PushRecord[] ring;
  private final Map<Integer, MutableTotals> workers = new TreeMap<>();
  private final MutableTotals all = new MutableTotals(-1);
  private final double[] metricSums = new double[PushProgress.MAX_METRICS];
  private final long[] stalenessHistogram = new long[STALENESS_BUCKETS.size()];
  private long recorded;

  /** A log keeping the latest {@code capacity} pushes (at least 1). */
  public PushLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("push log capacity must be >= 1, got " + capacity);
    }
    this.ring = new PushRecord[capacity];
  }

  /** The history's size bound. */
  public int capacity() {
    return ring.length;
  }

  /**
   * Records an applied push.
   *
   * @param progress the push's progress section, or null when it carried none
   */
  public synchronized void record(
      int workerId, long taskAttemptId, long version, long staleness, PushProgress progress) {
    long now = System.currentTimeMillis();
    long samples = progress == null ? 0 : progress.samples();
    long steps = progress == null ? 0 : progress.steps();
    double lossSum = progress == null ? 0 : progress.lossSum();
    double[] metrics = progress == null ? new double[0] : progress.metricSums();
    for (int i = 0; i < metrics.length; i++) {
      metricSums[i] += metrics[i];
    }
    stalenessHistogram[bucket(staleness)]++;
    all.add(samples, steps, lossSum, staleness, now);
    workers
        .computeIfAbsent(workerId, MutableTotals::new)
        .add(samples, steps, lossSum, staleness, now);
    ring[(int) (recorded % ring.length)] =
        new PushRecord(
            recorded,
            now,
            workerId,
            taskAttemptId,
            version,
            staleness,
            samples,
            steps,
            lossSum,
            metrics);
    recorded++;
  }

  /** The staleness histogram bucket of {@code staleness} (see {@link #STALENESS_BUCKETS}). */
  public static int bucket(long staleness) {
    if (staleness <= 2) {
      return (int) Math.max(0, staleness);
    }
    int bucket = 3 + (64 - Long.numberOfLeadingZeros(staleness - 1)) - 2;
    return Math.min(bucket, STALENESS_BUCKETS.size() - 1);
  }

  /** Pushes recorded since start: the index the next one gets. */
  public synchronized long recorded() {
    return recorded;
  }

  /**
   * The pushes with index {@code from} or later still in the history, oldest first (at most {@link
   * #capacity()}; those overwritten already are left out).
   */
  public synchronized List<PushRecord> since(long from) {
    long start = Math.max(Math.max(0, from), recorded - ring.length);
    List<PushRecord> out = new ArrayList<>((int) Math.max(0, recorded - start));
    for (long i = start; i < recorded; i++) {
      out.add(ring[(int) (i % ring.length)]);
    }
    return out;
  }

  /** A consistent snapshot of the totals. */
  public synchronized PushTotals totals() {
    List<WorkerTotals> perWorker = new ArrayList<>(workers.size());
    for (MutableTotals t : workers.values()) {
      perWorker.add(t.snapshot());
    }
    return new PushTotals(
        all.pushes,
        all.samples,
        all.steps,
        all.lossSum,
        metricSums.clone(),
        stalenessHistogram.clone(),
        perWorker);
  }

  /** Running sums of one worker, or of all (worker -1); guarded by the log's monitor. */
  private static final class MutableTotals {
    private final int workerId;
    private long pushes;
    private long samples;
    private long steps;
    private double lossSum;
    private long lastStaleness;
    private long maxStaleness;
    private long lastPushMillis;

    MutableTotals(int workerId) {
      this.workerId = workerId;
    }

    void add(long samples, long steps, double lossSum, long staleness, long now) {
      pushes++;
      this.samples += samples;
      this.steps += steps;
      this.lossSum += lossSum;
      lastStaleness = staleness;
      maxStaleness = Math.max(maxStaleness, staleness);
      lastPushMillis = now;
    }

    WorkerTotals snapshot() {
      return new WorkerTotals(
          workerId, pushes, samples, steps, lossSum, lastStaleness, maxStaleness, lastPushMillis);
    }
  }
}
