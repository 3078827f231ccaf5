package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.benchmarks.scale.ScaleModel.Capacity;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the model's tables as Markdown: capacity per model size, encoding and NIC, and the workers
 * that capacity carries per step time and sync interval. Stateless; thread-safe.
 */
final class ScaleTables {

  private ScaleTables() {}

  /** A step time per model size: fixed, or scaled with the parameter count. */
  interface StepTime {
    double seconds(double floats);
  }

  /** Round trips per second one TPS serves (and what bounds it), model size x encoding x NIC. */
  static void capacity(
      PrintStream out, ScaleSettings s, List<CostLine> lines, CostLine.Line serialMerge) {
    out.print("| model | push encoding |");
    for (double nic : s.nicGbps()) {
      out.printf(Locale.ROOT, " %s GbE |", number(nic));
    }
    out.println();
    out.println("|---|---|" + "---|".repeat(s.nicGbps().length));
    for (double mb : s.modelMegabytes()) {
      for (CostLine line : lines) {
        out.printf(Locale.ROOT, "| %s MB | %s |", number(mb), line.encoding());
        for (double nic : s.nicGbps()) {
          Capacity c =
              ScaleModel.capacity(
                  line, serialMerge, ScaleSettings.floatsOf(mb), nic, s.driverCores());
          out.printf(Locale.ROOT, " %s/s (%s) |", count(c.syncsPerSecond()), c.limit().tag);
        }
        out.println();
      }
    }
  }

  /** Max workers, model size x encoding rows, NIC x interval columns, at {@code step}. */
  static void workers(
      PrintStream out,
      ScaleSettings s,
      List<CostLine> lines,
      CostLine.Line serialMerge,
      StepTime step) {
    out.print("| model | step ms | push encoding |");
    for (double nic : s.nicGbps()) {
      for (int interval : s.intervals()) {
        out.printf(Locale.ROOT, " %s GbE, every %d |", number(nic), interval);
      }
    }
    out.println();
    int columns = s.nicGbps().length * s.intervals().length;
    out.println("|---|---|---|" + "---|".repeat(columns));
    for (double mb : s.modelMegabytes()) {
      double floats = ScaleSettings.floatsOf(mb);
      double stepSeconds = step.seconds(floats);
      for (CostLine line : lines) {
        out.printf(
            Locale.ROOT,
            "| %s MB | %s | %s |",
            number(mb),
            number(stepSeconds * 1e3),
            line.encoding());
        for (double nic : s.nicGbps()) {
          Capacity c = ScaleModel.capacity(line, serialMerge, floats, nic, s.driverCores());
          for (int interval : s.intervals()) {
            out.printf(
                Locale.ROOT, " %s |", count(ScaleModel.maxWorkers(c, stepSeconds, interval)));
          }
        }
        out.println();
      }
    }
  }

  /** A count for a table: 3 significant digits at most, k and M above 10,000. */
  static String count(double n) {
    if (n >= 1e7) {
      return String.format(Locale.ROOT, "%.0fM", n / 1e6);
    }
    if (n >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", n / 1e3);
    }
    if (n >= 100) {
      return String.format(Locale.ROOT, "%.0f", n);
    }
    if (n >= 10) {
      return String.format(Locale.ROOT, "%.0f", Math.floor(n));
    }
    return n == Math.floor(n)
        ? String.format(Locale.ROOT, "%.0f", n)
        : String.format(Locale.ROOT, "%.1f", n);
  }

  /** A setting's number without a useless ".0". */
  static String number(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2g", v);
  }
}
