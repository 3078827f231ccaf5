package io.tensoronspark.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code run} (one epoch over the RDD) did, folded from the successful task attempts and
 * the TPS's counters. Immutable.
 *
 * @param epoch the epoch number, from 1
 * @param partitions the RDD's partitions
 * @param partitionsPushed partitions whose successful attempt pushed at least once
 * @param samples rows trained on (successful attempts only)
 * @param steps training steps (successful attempts only)
 * @param meanLoss the sample-weighted mean training loss over the epoch, NaN without a loss
 * @param wallMillis driver wall time of the epoch
 * @param computeMillis task time spent in batching and training steps, summed over tasks
 * @param syncMillis task time spent exchanging parameters with the TPS, summed over tasks
 * @param pushes push round trips of the successful attempts
 * @param pushesApplied pushes the TPS merged during the epoch (includes failed and speculative
 *     attempts)
 * @param pushesDuplicate retried pushes the TPS answered without merging again
 * @param pushesSuperseded pushes refused because a newer attempt of the same partition had taken it
 *     over
 * @param pushesStaleRejected pushes refused as staler than the TPS's {@code maxStaleness} under
 *     {@code StalenessPolicy.REJECT}: each task re-pulled and carried on, dropping the local steps
 *     since its previous exchange
 * @param pushesStaleScaled pushes merged scaled down for staleness under {@code
 *     StalenessPolicy.SCALE}
 * @param pushBytes push request bytes the TPS received during the epoch (the encoded frames)
 * @param tpsVersion the TPS's version at the end of the epoch
 * @param tasks the per-task statistics
 * @param metrics each extra fetch of the step (in the step's order) averaged over the epoch's
 *     samples, weighted by batch rows
 * @param phases where the driver's wall time of the epoch went
 */
public record EpochReport(
    int epoch,
    int partitions,
    int partitionsPushed,
    long samples,
    long steps,
    double meanLoss,
    long wallMillis,
    long computeMillis,
    long syncMillis,
    long pushes,
    long pushesApplied,
    long pushesDuplicate,
    long pushesSuperseded,
    long pushesStaleRejected,
    long pushesStaleScaled,
    long pushBytes,
    long tpsVersion,
    List<TaskStats> tasks,
    Map<String, Double> metrics,
    EpochPhases phases) {

  public EpochReport {
    tasks = List.copyOf(tasks);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The epoch mean of metric {@code name}. */
  public double metric(String name) {
    Double value = metrics.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "no metric '" + name + "' in this report; it has " + metrics.keySet());
    }
    return value;
  }

  /** Rows per second of driver wall time. */
  public double samplesPerSecond() {
    return wallMillis == 0 ? 0 : samples * 1000.0 / wallMillis;
  }

  /**
   * Pushes merged by the TPS that came from attempts which did not succeed (failed or speculative).
   */
  public long pushesFromUnsuccessfulAttempts() {
    return Math.max(0, pushesApplied - pushes);
  }

  /** Mean bytes of one push the TPS received (its encoded frame), 0 without pushes. */
  public double bytesPerPush() {
    long received = pushesApplied + pushesDuplicate + pushesStaleRejected;
    return received == 0 ? 0 : (double) pushBytes / received;
  }

  /** Fraction of task time spent in parameter exchange. */
  public double syncShare() {
    long total = computeMillis + syncMillis;
    return total == 0 ? 0 : (double) syncMillis / total;
  }

  /** One human-readable line for progress output. */
  public String summary() {
    StringBuilder extra = new StringBuilder();
    metrics.forEach(
        (name, value) -> extra.append(String.format(Locale.ROOT, ", %s %.4f", name, value)));
    return String.format(
        Locale.ROOT,
        "epoch %d: %d samples in %d steps over %d partitions, mean loss %.4f%s, %.0f samples/s, %d pushes"
            + " (%d merged, %d duplicates, %d stale rejected, %d stale scaled, %.0f bytes each),"
            + " compute %d ms vs sync %d ms (%.0f%% sync)",
        epoch,
        samples,
        steps,
        partitions,
        meanLoss,
        extra,
        samplesPerSecond(),
        pushes,
        pushesApplied,
        pushesDuplicate,
        pushesStaleRejected,
        pushesStaleScaled,
        bytesPerPush(),
        computeMillis,
        syncMillis,
        100 * syncShare());
  }
}
