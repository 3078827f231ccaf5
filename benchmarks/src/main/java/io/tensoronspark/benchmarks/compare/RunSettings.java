package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;

/**
 * What every configuration of one comparison shares: the data split, epochs, seed, and for
 * DistributedSession the sync interval and combiner. Immutable.
 *
 * @param train the training rows
 * @param test the test rows
 * @param epochs epochs per run
 * @param seed initial values, shuffles and repartitions
 * @param syncIntervalSteps DistributedSession's steps between two round trips
 * @param combiner DistributedSession's combiner name
 * @param partitions N, the partitions and cores of the {@code session-N} and MLlib runs
 * @param repartitionEveryEpoch whether DistributedSession runs shuffle all rows across partitions
 *     before every epoch after the first, rather than once before the first
 */
record RunSettings(
    MnistData train,
    MnistData test,
    int epochs,
    long seed,
    int syncIntervalSteps,
    String combiner,
    int partitions,
    boolean repartitionEveryEpoch) {

  RunSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
  }
}
