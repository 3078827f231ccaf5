package io.tensoronspark.session.driver;

import io.tensoronspark.session.EpochPhases;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.TaskStats;
import io.tensoronspark.tps.protocol.TpsStats;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the task stats and the TPS counters of one epoch into an {@link EpochReport}. Stateless.
 */
final class EpochReportBuilder {

  private EpochReportBuilder() {}

  static EpochReport build(
      int epoch,
      int partitions,
      List<TaskStats> tasks,
      List<String> metricNames,
      long wallMillis,
      EpochPhases phases,
      TpsStats before,
      TpsStats after,
      long tpsVersion) {
    tasks.sort(Comparator.comparingInt(TaskStats::partition));
    long samples = 0;
    long steps = 0;
    double lossSum = 0;
    long computeNanos = 0;
    long syncNanos = 0;
    long pushes = 0;
    int partitionsPushed = 0;
    double[] metricSums = new double[metricNames.size()];
    for (TaskStats t : tasks) {
      for (int m = 0; m < metricSums.length; m++) {
        metricSums[m] += t.metricSums()[m];
      }
      samples += t.samples();
      steps += t.steps();
      lossSum += t.lossSum();
      computeNanos += t.computeNanos();
      syncNanos += t.syncNanos();
      pushes += t.pushes();
      if (t.pushes() > 0) {
        partitionsPushed++;
      }
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int m = 0; m < metricSums.length; m++) {
      metrics.put(metricNames.get(m), samples == 0 ? Double.NaN : metricSums[m] / samples);
    }
    return new EpochReport(
        epoch,
        partitions,
        partitionsPushed,
        samples,
        steps,
        samples == 0 ? Double.NaN : lossSum / samples,
        wallMillis,
        computeNanos / 1_000_000,
        syncNanos / 1_000_000,
        pushes,
        after.pushesApplied() - before.pushesApplied(),
        after.pushesDuplicate() - before.pushesDuplicate(),
        after.pushesSuperseded() - before.pushesSuperseded(),
        after.pushesStaleRejected() - before.pushesStaleRejected(),
        after.pushesStaleScaled() - before.pushesStaleScaled(),
        after.bytesIn() - before.bytesIn(),
        tpsVersion,
        tasks,
        metrics,
        phases);
  }
}
