package io.tensoronspark.tps.protocol;

import java.util.List;

/**
 * Sums over every push the server applied since it started ({@link PushLog#totals()}): a consistent
 * snapshot. Differences of two snapshots give what happened in between (e.g. one epoch). Immutable
 * (arrays are copies made for this snapshot; do not modify them).
 *
 * @param pushes applied pushes
 * @param samples samples their progress reported
 * @param steps steps their progress reported
 * @param lossSum loss sums their progress reported
 * @param metricSums metric sums, {@link PushProgress#MAX_METRICS} slots (unused ones 0)
 * @param stalenessHistogram pushes per staleness bucket, see {@link PushLog#STALENESS_BUCKETS}
 * @param workers per-worker totals, by worker id
 */
public record PushTotals(
    long pushes,
    long samples,
    long steps,
    double lossSum,
    double[] metricSums,
    long[] stalenessHistogram,
    List<WorkerTotals> workers) {

  public PushTotals {
    workers = List.copyOf(workers);
  }
}
