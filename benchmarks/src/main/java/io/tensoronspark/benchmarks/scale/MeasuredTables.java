package io.tensoronspark.benchmarks.scale;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints what {@link ScaleCostRunner} measured, as Markdown: the per-round-trip costs, the lines
 * fitted through them, and the local check against the model's prediction. Stateless.
 */
final class MeasuredTables {

  private MeasuredTables() {}

  /** One row per measured size and encoding; CPU and wall in ms per round trip, median (range). */
  static void costs(PrintStream out, List<PushCost> costs) {
    out.println(
        "| floats | push encoding | merge threads | push bytes | reply bytes | TPS CPU ms"
            + " | TPS + JIT/GC ms | client CPU ms | wall ms | merge ms |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (PushCost c : costs) {
      out.printf(
          Locale.ROOT,
          "| %,d | %s | %d | %,.0f | %,.0f | %s | %s | %s | %s | %s |%n",
          c.floats(),
          c.encoding(),
          c.mergeThreads(),
          c.bytesIn().median(),
          c.bytesOut().median(),
          c.serverCpuSeconds().times(1e3).format("%.3g"),
          c.serverProcessCpuSeconds().times(1e3).format("%.3g"),
          c.clientCpuSeconds().times(1e3).format("%.3g"),
          c.wallSeconds().times(1e3).format("%.3g"),
          c.mergeSeconds().times(1e3).format("%.3g"));
    }
  }

  /** The fitted lines, fixed part and per-float slope, per encoding. */
  static void lines(PrintStream out, List<CostLine> lines) {
    out.println(
        "| push encoding | TPS CPU fixed µs | TPS CPU ns/float (low-high) | client CPU ns/float"
            + " | push bytes/float | reply bytes/float | merge ns/float | wall ns/float |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (CostLine l : lines) {
      out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.2f (%.2f-%.2f) | %.2f | %.3f | %.3f | %.3f | %.2f |%n",
          l.encoding(),
          l.serverCpuSeconds().fixed() * 1e6,
          l.serverCpuSeconds().perFloat() * 1e9,
          l.serverCpuLow().perFloat() * 1e9,
          l.serverCpuHigh().perFloat() * 1e9,
          l.clientCpuSeconds().perFloat() * 1e9,
          l.pushBytes().perFloat(),
          l.pullBytes().perFloat(),
          l.mergeSeconds().perFloat() * 1e9,
          l.wallSeconds().perFloat() * 1e9);
    }
  }

  /**
   * Measured against predicted, per check configuration. The last column divides the cores the
   * TPS's threads got by its CPU seconds per round trip: on a machine shared with other work the
   * cores the prediction assumes may not all be ours, and this checks the CPU cost alone.
   */
  static void check(
      PrintStream out,
      List<LoadCheck.Result> results,
      CostLine f32,
      CostLine.Line serialMerge,
      int floats,
      int cores) {
    double server = f32.serverCpuSeconds().at(floats);
    double client = f32.clientCpuSeconds().at(floats);
    double wall = f32.wallSeconds().at(floats);
    double merge = serialMerge.at(floats);
    out.println(
        "| workers | compute ms per sync | pushes/s measured | pushes/s predicted | measured /"
            + " predicted | TPS cores measured | TPS cores predicted | client cores measured"
            + " | pushes/s from TPS cores measured |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (LoadCheck.Result r : results) {
      double predicted =
          ScaleModel.sharedMachineRate(
              r.workers(), r.computeMillis() / 1e3, wall, server, client, merge, cores);
      out.printf(
          Locale.ROOT,
          "| %d | %d | %s | %.2f | %s | %s | %.2f | %s | %s |%n",
          r.workers(),
          r.computeMillis(),
          r.pushesPerSecond().format("%.2f"),
          predicted,
          r.pushesPerSecond().times(1 / predicted).format("%.2f"),
          r.serverCores().format("%.2f"),
          predicted * server,
          r.clientCores().format("%.2f"),
          r.serverCores().times(1 / server).format("%.2f"));
    }
  }
}
