package io.tensoronspark.benchmarks.scale;

import java.util.Arrays;
import java.util.Locale;

/** The spread of one figure over repeated rounds: smallest, median and largest. Immutable. */
record Range(double min, double median, double max) {

  Range {
    if (!(min <= median && median <= max)) {
      throw new IllegalArgumentException(
          "expected min <= median <= max, got " + min + ", " + median + ", " + max);
    }
  }

  /** The range of {@code values} (at least one); the array is not changed. */
  static Range of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("expected at least one value, got none");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Range(sorted[0], median, sorted[n - 1]);
  }

  /** Every bound multiplied by {@code factor} (>= 0). */
  Range times(double factor) {
    return new Range(min * factor, median * factor, max * factor);
  }

  /** "median (min-max)" with {@code pattern} (a {@link String#format} pattern for one double). */
  String format(String pattern) {
    return String.format(
        Locale.ROOT, pattern + " (" + pattern + "-" + pattern + ")", median, min, max);
  }
}
