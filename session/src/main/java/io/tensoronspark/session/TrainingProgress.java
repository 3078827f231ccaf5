package io.tensoronspark.session;

import java.util.List;

/**
 * Where the running epoch stands, from the progress every push carries (see {@code
 * io.tensoronspark.tps.protocol.PushProgress}): known at push granularity, without extra requests.
 * Counts include every push the TPS applied during the epoch, also from attempts that later failed,
 * so they equal the {@link EpochReport}'s counts when no attempt failed. Immutable.
 *
 * @param epoch the epoch, from 1
 * @param expectedSamples the samples the epoch is expected to train on (the previous epoch's), or
 *     -1 when unknown
 * @param samples samples trained on so far (as of the workers' latest pushes)
 * @param steps training steps so far
 * @param pushes pushes applied so far
 * @param meanLoss the sample-weighted mean loss over the epoch so far, NaN before the first samples
 *     or without a loss
 * @param recentLoss the mean loss over the samples pushed since the previous progress (the running
 *     loss), or the previous value when nothing new arrived
 * @param samplesPerSecond samples so far over the epoch's elapsed time
 * @param elapsedMillis time since the epoch started
 * @param workers each worker's share, by worker id
 */
public record TrainingProgress(
    int epoch,
    long expectedSamples,
    long samples,
    long steps,
    long pushes,
    double meanLoss,
    double recentLoss,
    double samplesPerSecond,
    long elapsedMillis,
    List<WorkerProgress> workers) {

  public TrainingProgress {
    workers = List.copyOf(workers);
  }

  /**
   * The estimated time left in the epoch, from the rate so far; -1 when unknown (no expected count
   * or no rate yet).
   */
  public long etaMillis() {
    if (expectedSamples < 0 || samplesPerSecond <= 0) {
      return -1;
    }
    return (long) (Math.max(0, expectedSamples - samples) * 1000.0 / samplesPerSecond);
  }

  /**
   * One worker's progress in the epoch.
   *
   * @param workerId the worker (Spark partition)
   * @param pushes pushes applied this epoch
   * @param samples samples trained on this epoch
   * @param lastStaleness the staleness of its latest push (server version then minus its base)
   * @param maxStaleness the largest staleness of its pushes since the server started
   * @param millisSinceLastPush time since its latest push
   */
  public record WorkerProgress(
      int workerId,
      long pushes,
      long samples,
      long lastStaleness,
      long maxStaleness,
      long millisSinceLastPush) {}
}
