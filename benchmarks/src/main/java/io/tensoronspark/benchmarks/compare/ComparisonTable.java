package io.tensoronspark.benchmarks.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs of all rounds into rows with same-round ratios, and prints them as one table of
 * medians with their ranges over the rounds. Stateless.
 */
final class ComparisonTable {

  private ComparisonTable() {}

  /**
   * One row per (round, model, configuration), the MLlib peer's run repeated under every model it
   * is the peer of, with ratios to the same round's plain loop and peer.
   */
  static List<ComparisonRow> rows(
      List<RunResult> runs, List<ModelCase> models, Map<ModelCase, Double> targets) {
    List<ComparisonRow> rows = new ArrayList<>();
    int rounds = runs.stream().mapToInt(RunResult::round).max().orElse(0);
    for (int round = 1; round <= rounds; round++) {
      for (ModelCase model : models) {
        RunResult plain = find(runs, round, model, "plain", false);
        RunResult peer = find(runs, round, null, model.peer.config, true);
        double target = targets.get(model);
        for (RunResult run : runs) {
          boolean mine = run.model() == model && !run.independentFits();
          if (run.round() == round && (mine || run == peer)) {
            rows.add(row(run, model, target, plain, peer));
          }
        }
      }
    }
    return rows;
  }

  private static RunResult find(
      List<RunResult> runs, int round, ModelCase model, String config, boolean anyModel) {
    for (RunResult run : runs) {
      if (run.round() == round
          && run.config().equals(config)
          && (anyModel || run.model() == model)) {
        return run;
      }
    }
    return null;
  }

  private static ComparisonRow row(
      RunResult run, ModelCase model, double target, RunResult plain, RunResult peer) {
    double steady = run.steadySamplesPerSecond();
    double timeToTarget = millisOrNaN(run.timeToTargetMillis(target));
    double peerTime = peer == null ? Double.NaN : millisOrNaN(peer.timeToTargetMillis(target));
    return new ComparisonRow(
        run.round(),
        model.label(),
        run.config(),
        run.partitions(),
        run.epochs().size(),
        steady,
        plain == null ? Double.NaN : steady / plain.steadySamplesPerSecond(),
        run.wholeRunMillis(),
        plain == null || run.independentFits()
            ? Double.NaN
            : (double) plain.wholeRunMillis() / run.wholeRunMillis(),
        run.firstEpochOverheadMillis(),
        run.fixedCostMillis(),
        run.fixedPartMillis(EpochFigures.FixedCost::prepare),
        run.fixedPartMillis(EpochFigures.FixedCost::jobStart),
        run.fixedPartMillis(EpochFigures.FixedCost::taskInput),
        run.fixedPartMillis(EpochFigures.FixedCost::assign),
        run.fixedPartMillis(EpochFigures.FixedCost::checkpoint),
        target,
        timeToTarget,
        peerTime / timeToTarget,
        run.finalAccuracy(),
        peer == null ? Double.NaN : 100.0 * (run.finalAccuracy() - peer.finalAccuracy()));
  }

  private static double millisOrNaN(long millis) {
    return millis < 0 ? Double.NaN : millis;
  }

  /** Prints the medians over rounds, with [min-max] where there is more than one round. */
  static void print(List<ComparisonRow> rows, PrintStream out) {
    out.println(
        "model    config      steady samples/s   vs plain           whole run vs plain   1st-epoch"
            + " extra s  fixed ms/epoch  target  to target s  vs MLlib        final acc  vs MLlib pts");
    Map<String, List<ComparisonRow>> groups = new LinkedHashMap<>();
    for (ComparisonRow row : rows) {
      groups.computeIfAbsent(row.model() + " " + row.config(), k -> new ArrayList<>()).add(row);
    }
    for (List<ComparisonRow> group : groups.values()) {
      ComparisonRow first = group.get(0);
      out.printf(
          Locale.ROOT,
          "%-8s %-11s %-18s %-18s %-20s %-16s %-15s %-7s %-12s %-15s %-10s %s%n",
          first.model(),
          first.config(),
          summary(group, ComparisonRow::steadySamplesPerSecond, "%.0f", 1),
          summary(group, ComparisonRow::steadyRatio, "%.0f%%", 100),
          summary(group, ComparisonRow::wholeRunRatio, "%.0f%%", 100),
          summary(group, ComparisonRow::firstEpochOverheadMillis, "%.1f", 0.001),
          summary(group, ComparisonRow::fixedCostMillis, "%.0f", 1),
          String.format(Locale.ROOT, "%.3f", first.targetAccuracy()),
          summary(group, ComparisonRow::timeToTargetMillis, "%.1f", 0.001),
          summary(group, ComparisonRow::timeToTargetRatio, "%.2fx", 1),
          summary(group, ComparisonRow::finalAccuracy, "%.4f", 1),
          summary(group, ComparisonRow::accuracyVsPeerPoints, "%+.1f", 1));
    }
    out.println(
        "fixed cost per steady epoch, ms: prepare (driver), job start, task input (longest task),"
            + " assign (driver), checkpoint");
    for (List<ComparisonRow> group : groups.values()) {
      ComparisonRow first = group.get(0);
      if (Double.isNaN(first.prepareMillis())) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-8s %-11s %-16s %-16s %-16s %-16s %s%n",
          first.model(),
          first.config(),
          summary(group, ComparisonRow::prepareMillis, "%.0f", 1),
          summary(group, ComparisonRow::jobStartMillis, "%.0f", 1),
          summary(group, ComparisonRow::taskInputMillis, "%.0f", 1),
          summary(group, ComparisonRow::assignMillis, "%.0f", 1),
          summary(group, ComparisonRow::checkpointMillis, "%.0f", 1));
    }
  }

  /** "median [min-max]" of a figure over rounds, "-" when it does not apply in any. */
  static String summary(
      List<ComparisonRow> group,
      ToDoubleFunction<ComparisonRow> figure,
      String format,
      double scale) {
    double[] values =
        group.stream()
            .mapToDouble(figure)
            .filter(v -> !Double.isNaN(v))
            .map(v -> v * scale)
            .toArray();
    if (values.length == 0) {
      return "-";
    }
    Arrays.sort(values);
    double median =
        values.length % 2 == 1
            ? values[values.length / 2]
            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    String m = String.format(Locale.ROOT, format, median);
    if (values.length == 1) {
      return m;
    }
    return m
        + String.format(
            Locale.ROOT, " [" + format + "-" + format + "]", values[0], values[values.length - 1]);
  }
}
