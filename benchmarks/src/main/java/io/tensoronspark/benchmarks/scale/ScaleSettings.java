package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.util.Arrays;

/**
 * What {@link ScaleCostRunner} measures and tabulates, parsed from {@code name=value} arguments.
 * Immutable; every default is a named constant.
 *
 * @param floats push sizes measured (floats per push), at least two
 * @param encodings push encodings measured
 * @param warmupRounds untimed rounds before each cost measurement
 * @param rounds timed rounds per cost measurement (the ranges)
 * @param roundMillis length of a cost round (at least {@link PushCostMeter#MIN_PUSHES_PER_ROUND})
 * @param primeMillis JIT priming before anything is measured
 * @param topKFraction the share of elements TOP_K sends
 * @param checkFloats the model of the local check (floats)
 * @param checkWorkers client counts of the local check
 * @param checkComputeMillis wait per sync of the local check's clients (off the CPU)
 * @param checkRounds measured rounds per check configuration
 * @param checkRoundMillis length of a check round
 * @param stepHidden hidden width of the MLP whose step is timed (0: no probe, use stepMillis)
 * @param stepBatch rows per timed step
 * @param stepMillis CPU-class step time when no probe runs
 * @param gpuStepMillis the GPU-class worker's assumed step time
 * @param driverCores cores the driver gives its TPS in the tables
 * @param nicGbps NIC rates of the tables
 * @param intervals sync intervals (steps) of the tables
 * @param modelMegabytes model sizes (1e6 bytes of F32) of the tables
 */
record ScaleSettings(
    int[] floats,
    PayloadEncoding[] encodings,
    int warmupRounds,
    int rounds,
    long roundMillis,
    long primeMillis,
    double topKFraction,
    int checkFloats,
    int[] checkWorkers,
    long[] checkComputeMillis,
    int checkRounds,
    long checkRoundMillis,
    int stepHidden,
    int stepBatch,
    double stepMillis,
    double gpuStepMillis,
    int driverCores,
    double[] nicGbps,
    int[] intervals,
    double[] modelMegabytes) {

  static final int[] DEFAULT_FLOATS = {7_850, 250_000, 2_500_000, 10_000_000, 25_000_000};
  static final int DEFAULT_WARMUP_ROUNDS = 2;
  static final int DEFAULT_ROUNDS = 5;
  static final long DEFAULT_ROUND_MILLIS = 1_000;
  static final long DEFAULT_PRIME_MILLIS = 10_000;
  static final double DEFAULT_TOP_K_FRACTION = 0.01;
  static final int DEFAULT_CHECK_FLOATS = 10_000_000;
  static final int[] DEFAULT_CHECK_WORKERS = {1, 2, 4};
  static final long[] DEFAULT_CHECK_COMPUTE_MILLIS = {0, 200};
  static final int DEFAULT_CHECK_ROUNDS = 3;
  static final long DEFAULT_CHECK_ROUND_MILLIS = 3_000;

  /** 784-12000-10: 9.54M parameters, the ~10M-parameter model of the check. */
  static final int DEFAULT_STEP_HIDDEN = 12_000;

  /** MnistMlp's default batch. */
  static final int DEFAULT_STEP_BATCH = 32;

  static final double DEFAULT_STEP_MILLIS = 50;
  static final double DEFAULT_GPU_STEP_MILLIS = 20;
  static final int DEFAULT_DRIVER_CORES = 16;
  static final double[] DEFAULT_NIC_GBPS = {10, 25, 100};
  static final int[] DEFAULT_INTERVALS = {1, 10, 100};
  static final double[] DEFAULT_MODEL_MEGABYTES = {1, 10, 100};

  /** The settings {@code args} ({@code name=value} each) give over the defaults. */
  static ScaleSettings parse(String... args) {
    ScaleSettingsParser p = new ScaleSettingsParser();
    for (String arg : args) {
      p.accept(arg);
    }
    return p.build();
  }

  /** Floats of a model of {@code megabytes} 1e6 bytes in F32. */
  static double floatsOf(double megabytes) {
    return megabytes * 1e6 / Float.BYTES;
  }

  @Override
  public String toString() {
    return "floats="
        + Arrays.toString(floats)
        + " encodings="
        + Arrays.toString(encodings)
        + " rounds="
        + rounds
        + "x"
        + roundMillis
        + "ms checkFloats="
        + checkFloats
        + " checkWorkers="
        + Arrays.toString(checkWorkers)
        + " checkComputeMillis="
        + Arrays.toString(checkComputeMillis)
        + " driverCores="
        + driverCores;
  }
}
