package io.tensoronspark.benchmarks.compare;

import java.util.List;

/**
 * What one configuration of one model did in one round, and the figures derived from it. Epochs
 * after the first are "steady"; the first carries model load and warm-up. Immutable.
 *
 * @param model the model trained
 * @param config the configuration's name ({@code plain}, {@code session-1}, {@code session-N},
 *     {@code mllib-lr}, {@code mllib-mlp})
 * @param round the round, from 1
 * @param partitions Spark partitions (0 for the plain loop)
 * @param setupMillis time before the first epoch that the run needs (building the session)
 * @param epochs the epochs in order; for an MLlib peer, independent fits with growing iterations
 * @param independentFits whether {@code epochs} are fits from scratch rather than one run's epochs
 */
record RunResult(
    ModelCase model,
    String config,
    int round,
    int partitions,
    long setupMillis,
    List<EpochFigures> epochs,
    boolean independentFits) {

  RunResult {
    epochs = List.copyOf(epochs);
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one epoch");
    }
  }

  /**
   * Training throughput over the epochs after the first (the first alone if there is only one):
   * samples per second of the epochs' wall time less their fixed cost, i.e. while the tasks train.
   * The fixed cost is reported on its own ({@link #fixedCostMillis()}) and the whole run counts
   * both ({@link #wholeRunMillis()}).
   */
  double steadySamplesPerSecond() {
    if (independentFits) {
      return Double.NaN;
    }
    List<EpochFigures> steady = steadyEpochs();
    long samples = 0;
    long millis = 0;
    for (EpochFigures e : steady) {
      samples += e.samples();
      millis += e.wallMillis() - Math.max(0, e.fixedMillis());
    }
    return millis == 0 ? Double.NaN : samples * 1000.0 / millis;
  }

  /** Setup plus every epoch; for an MLlib peer the longest fit. */
  long wholeRunMillis() {
    if (independentFits) {
      return epochs.get(epochs.size() - 1).wallMillis();
    }
    long millis = setupMillis;
    for (EpochFigures e : epochs) {
      millis += e.wallMillis();
    }
    return millis;
  }

  /** The first epoch's wall time beyond a steady epoch's (model load, warm-up, TPS start). */
  double firstEpochOverheadMillis() {
    if (independentFits || epochs.size() < 2) {
      return Double.NaN;
    }
    return setupMillis + epochs.get(0).wallMillis() - meanWall(steadyEpochs());
  }

  /** Mean fixed cost of a steady epoch, NaN where not measured. */
  double fixedCostMillis() {
    List<EpochFigures> steady = steadyEpochs();
    double sum = 0;
    for (EpochFigures e : steady) {
      if (e.fixedMillis() < 0) {
        return Double.NaN;
      }
      sum += e.fixedMillis();
    }
    return sum / steady.size();
  }

  /** Mean of one part of a steady epoch's fixed cost, NaN where not measured. */
  double fixedPartMillis(java.util.function.ToLongFunction<EpochFigures.FixedCost> part) {
    List<EpochFigures> steady = steadyEpochs();
    double sum = 0;
    for (EpochFigures e : steady) {
      long millis = part.applyAsLong(e.fixed());
      if (millis < 0) {
        return Double.NaN;
      }
      sum += millis;
    }
    return sum / steady.size();
  }

  /**
   * Time until the test accuracy first reached {@code target}: setup plus the epochs up to that
   * one; for an MLlib peer the shortest fit that reached it. -1 when never reached.
   */
  long timeToTargetMillis(double target) {
    long elapsed = independentFits ? 0 : setupMillis;
    for (EpochFigures e : epochs) {
      elapsed = independentFits ? e.wallMillis() : elapsed + e.wallMillis();
      if (e.accuracy() >= target) {
        return elapsed;
      }
    }
    return -1;
  }

  float finalAccuracy() {
    return epochs.get(epochs.size() - 1).accuracy();
  }

  private List<EpochFigures> steadyEpochs() {
    return epochs.size() == 1 ? epochs : epochs.subList(1, epochs.size());
  }

  private static double meanWall(List<EpochFigures> epochs) {
    double sum = 0;
    for (EpochFigures e : epochs) {
      sum += e.wallMillis();
    }
    return sum / epochs.size();
  }
}
