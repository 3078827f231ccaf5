package io.tensoronspark.benchmarks.compare;

/**
 * One epoch of one run (or, for an MLlib peer, one fit from scratch).
 *
 * @param samples rows trained on
 * @param wallMillis wall time of the epoch (or fit) on the driver, evaluation excluded
 * @param fixedMillis the part of the epoch outside the tasks' training loops (publish, broadcast,
 *     job start, the repartition's shuffle, model load, checkpoint), -1 where not measured
 * @param accuracy test accuracy after the epoch
 */
record EpochFigures(long samples, long wallMillis, long fixedMillis, float accuracy) {}
