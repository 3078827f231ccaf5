package io.tensoronspark.benchmarks.compare;

/**
 * One line of the comparison (the fixed cost per epoch split as in {@link EpochFigures.FixedCost}):
 * a run's figures with their ratios to the baselines of the same round (the plain loop for speed,
 * the MLlib peer for time to target and accuracy). Ratios are speeds: above 1 is faster than the
 * baseline. NaN where a figure does not apply or a target was not reached.
 */
record ComparisonRow(
    int round,
    String model,
    String config,
    int partitions,
    int epochs,
    double steadySamplesPerSecond,
    double steadyRatio,
    long wholeRunMillis,
    double wholeRunRatio,
    double firstEpochOverheadMillis,
    double fixedCostMillis,
    double prepareMillis,
    double jobStartMillis,
    double taskInputMillis,
    double assignMillis,
    double checkpointMillis,
    double targetAccuracy,
    double timeToTargetMillis,
    double timeToTargetRatio,
    double finalAccuracy,
    double accuracyVsPeerPoints) {

  /** The CSV header, in the order of {@link #csv()}. */
  static final String CSV_HEADER =
      "round,model,config,partitions,epochs,steady_samples_per_s,steady_ratio,whole_run_ms,"
          + "whole_run_ratio,first_epoch_overhead_ms,fixed_cost_per_epoch_ms,fixed_prepare_ms,"
          + "fixed_job_start_ms,fixed_task_input_ms,fixed_assign_ms,fixed_checkpoint_ms,target_accuracy,"
          + "time_to_target_ms,time_to_target_ratio,final_accuracy,accuracy_vs_peer_points";

  /** This row as CSV; figures that do not apply are empty. */
  String csv() {
    return String.join(
        ",",
        Integer.toString(round),
        model,
        config,
        Integer.toString(partitions),
        Integer.toString(epochs),
        number(steadySamplesPerSecond, "%.1f"),
        number(steadyRatio, "%.4f"),
        Long.toString(wholeRunMillis),
        number(wholeRunRatio, "%.4f"),
        number(firstEpochOverheadMillis, "%.0f"),
        number(fixedCostMillis, "%.1f"),
        number(prepareMillis, "%.1f"),
        number(jobStartMillis, "%.1f"),
        number(taskInputMillis, "%.1f"),
        number(assignMillis, "%.1f"),
        number(checkpointMillis, "%.1f"),
        number(targetAccuracy, "%.4f"),
        number(timeToTargetMillis, "%.0f"),
        number(timeToTargetRatio, "%.4f"),
        number(finalAccuracy, "%.4f"),
        number(accuracyVsPeerPoints, "%.2f"));
  }

  static String number(double value, String format) {
    return Double.isNaN(value) ? "" : String.format(java.util.Locale.ROOT, format, value);
  }
}
