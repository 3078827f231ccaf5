package io.tensoronspark.benchmarks.compare;

/**
 * One epoch of one run (or, for an MLlib peer, one fit from scratch).
 *
 * @param samples rows trained on
 * @param wallMillis wall time of the epoch (or fit) on the driver, evaluation excluded
 * @param fixedMillis the part of the epoch outside the longest task's training loop, -1 where not
 *     measured; the sum of the next five
 * @param fixed where the fixed cost went (DistributedSession only, else {@link FixedCost#NONE})
 * @param accuracy test accuracy after the epoch
 */
record EpochFigures(
    long samples, long wallMillis, long fixedMillis, FixedCost fixed, float accuracy) {

  /** An epoch without a fixed cost breakdown (the plain loop, MLlib). */
  EpochFigures(long samples, long wallMillis, float accuracy) {
    this(samples, wallMillis, -1, FixedCost.NONE, accuracy);
  }

  /**
   * Where one DistributedSession epoch's fixed cost went, in milliseconds.
   *
   * @param prepare driver: validate, instrument, read values, publish, build the run spec
   * @param jobStart the Spark job less its longest task: broadcast, job and task start, results
   * @param taskInput the longest task outside its training loop: model lookup, TF session, TPS
   *     client, reading the partition's rows (a repartition's shuffle read)
   * @param assign driver: the merged values into its session
   * @param checkpoint the TPS checkpoint
   */
  record FixedCost(long prepare, long jobStart, long taskInput, long assign, long checkpoint) {
    static final FixedCost NONE = new FixedCost(-1, -1, -1, -1, -1);
  }
}
