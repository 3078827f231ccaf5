package io.tensoronspark.tps.protocol;

import java.util.Arrays;

/**
 * What a worker did since its previous push, carried in the push's progress section (see {@code
 * io.tensoronspark.tps.wire.FrameFormat}): training samples and steps, the sum over those steps of
 * (mean batch loss x batch rows), and optional metric sums weighted the same way. The server adds
 * them up per worker when it merges the push, so the driver follows an epoch at push granularity
 * without extra requests. Immutable (the metric array is copied in and out).
 *
 * @param samples rows trained on since the previous push, at least 0
 * @param steps training steps since the previous push, at least 0
 * @param lossSum finite sum of (batch loss x batch rows); 0 when the run has no loss
 * @param metricSums at most {@link #MAX_METRICS} finite sums
 */
public record PushProgress(long samples, long steps, double lossSum, double[] metricSums) {

  /** The most metric sums a push carries. */
  public static final int MAX_METRICS = 4;

  /** Bytes of a progress section on the wire without metric sums: samples, steps, loss sum. */
  public static final int BASE_BYTES = 8 + 8 + 8;

  private static final double[] NO_METRICS = new double[0];

  /** Checks the values as the server will. */
  public PushProgress {
    String problem = problem(samples, steps, lossSum, metricSums);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    metricSums = metricSums.length == 0 ? NO_METRICS : metricSums.clone();
  }

  /** Progress without metric sums. */
  public PushProgress(long samples, long steps, double lossSum) {
    this(samples, steps, lossSum, NO_METRICS);
  }

  /**
   * What is wrong with these values, or null: the one check both the constructor and the server's
   * frame reader apply.
   */
  public static String problem(long samples, long steps, double lossSum, double[] metricSums) {
    if (samples < 0 || steps < 0) {
      return "progress samples and steps must be >= 0, got " + samples + " and " + steps;
    }
    if (!Double.isFinite(lossSum)) {
      return "progress loss sum must be finite, got " + lossSum;
    }
    if (metricSums.length > MAX_METRICS) {
      return "progress carries at most " + MAX_METRICS + " metric sums, got " + metricSums.length;
    }
    for (int i = 0; i < metricSums.length; i++) {
      if (!Double.isFinite(metricSums[i])) {
        return "progress metric sum " + i + " must be finite, got " + metricSums[i];
      }
    }
    return null;
  }

  @Override
  public double[] metricSums() {
    return metricSums.length == 0 ? NO_METRICS : metricSums.clone();
  }

  /** The number of metric sums. */
  public int metricCount() {
    return metricSums.length;
  }

  /** Metric sum {@code i} without copying the array. */
  public double metricSum(int i) {
    return metricSums[i];
  }

  /** Bytes of this progress on the wire. */
  public int wireBytes() {
    return BASE_BYTES + 8 * metricSums.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PushProgress p
        && p.samples == samples
        && p.steps == steps
        && Double.compare(p.lossSum, lossSum) == 0
        && Arrays.equals(p.metricSums, metricSums);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(samples) * 31 + Arrays.hashCode(metricSums);
  }

  @Override
  public String toString() {
    return "PushProgress[samples="
        + samples
        + ", steps="
        + steps
        + ", lossSum="
        + lossSum
        + ", metricSums="
        + Arrays.toString(metricSums)
        + "]";
  }
}
