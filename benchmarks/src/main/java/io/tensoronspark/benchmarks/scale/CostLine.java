package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.util.List;

/**
 * One encoding's costs per round trip as straight lines in the floats per push: {@code fixed +
 * perFloat x floats}, fitted by least squares through the medians of measured {@link PushCost}s
 * (and through their smallest and largest CPU figures, for the CPU's range). A line extrapolates to
 * sizes that were not measured. Immutable.
 *
 * @param serverCpuSeconds the TPS's CPU seconds per round trip (median fit)
 * @param serverCpuLow the same through the smallest figure of each size
 * @param serverCpuHigh the same through the largest figure of each size
 * @param clientCpuSeconds the client's CPU seconds per round trip
 * @param pushBytes body bytes the TPS receives per push
 * @param pullBytes body bytes the TPS sends back per push (the merged values, always F32)
 * @param mergeSeconds the merge time per push that the TPS records
 * @param wallSeconds the round trip's wall time with one client
 */
record CostLine(
    PayloadEncoding encoding,
    Line serverCpuSeconds,
    Line serverCpuLow,
    Line serverCpuHigh,
    Line clientCpuSeconds,
    Line pushBytes,
    Line pullBytes,
    Line mergeSeconds,
    Line wallSeconds) {

  /** {@code fixed + perFloat x floats}. */
  record Line(double fixed, double perFloat) {
    double at(double floats) {
      return fixed + perFloat * floats;
    }
  }

  /** The lines through {@code costs}: one encoding, at least two different sizes. */
  static CostLine fit(List<PushCost> costs) {
    if (costs.stream().mapToInt(PushCost::floats).distinct().count() < 2) {
      throw new IllegalArgumentException(
          "expected costs at two or more sizes to fit a line, got " + costs.size() + " at one");
    }
    PayloadEncoding encoding = costs.get(0).encoding();
    for (PushCost c : costs) {
      if (c.encoding() != encoding) {
        throw new IllegalArgumentException(
            "expected one encoding (" + encoding + "), got also " + c.encoding());
      }
    }
    double[] x = costs.stream().mapToDouble(PushCost::floats).toArray();
    return new CostLine(
        encoding,
        line(x, costs.stream().mapToDouble(c -> c.serverCpuSeconds().median()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.serverCpuSeconds().min()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.serverCpuSeconds().max()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.clientCpuSeconds().median()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.bytesIn().median()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.bytesOut().median()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.mergeSeconds().median()).toArray()),
        line(x, costs.stream().mapToDouble(c -> c.wallSeconds().median()).toArray()));
  }

  /**
   * Least squares through (x, y), weighted by 1/x^2 so the relative error counts (sizes span four
   * orders of magnitude; unweighted, the smallest size would not constrain the fixed cost at all).
   * Both parts are kept >= 0.
   */
  static Line line(double[] x, double[] y) {
    double sw = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      double w = 1 / (x[i] * x[i]);
      sw += w;
      sx += w * x[i];
      sy += w * y[i];
      sxx += w * x[i] * x[i];
      sxy += w * x[i] * y[i];
    }
    double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    double fixed = (sy - slope * sx) / sw;
    if (slope < 0) {
      // Noise made larger pushes look cheaper: no size dependence can be told, so a flat line.
      return new Line(sy / sw, 0);
    }
    if (fixed < 0) {
      // Through the origin instead: slope = sum(w x y) / sum(w x x).
      return new Line(0, sxy / sxx);
    }
    return new Line(fixed, slope);
  }
}
