package io.tensoronspark.session;

import java.util.List;

/**
 * What {@link DistributedSession#fit} did. Immutable.
 *
 * @param reports one report per epoch trained
 * @param monitored the monitored value after each epoch (validation, or mean training loss)
 * @param bestEpoch the epoch (from 1, counted within this fit) with the best monitored value
 * @param stoppedEarly whether early stopping ended the fit before its last epoch
 * @param restoredBest whether the parameters were rolled back to the best epoch's ({@link
 *     FitOptions.Builder#restoreBest}; false when the last epoch was the best)
 */
public record FitResult(
    List<EpochReport> reports,
    List<Double> monitored,
    int bestEpoch,
    boolean stoppedEarly,
    boolean restoredBest) {

  public FitResult {
    reports = List.copyOf(reports);
    monitored = List.copyOf(monitored);
  }

  /** The best monitored value. */
  public double best() {
    return monitored.get(bestEpoch - 1);
  }
}
