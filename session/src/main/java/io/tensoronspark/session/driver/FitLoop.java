package io.tensoronspark.session.driver;

import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.FitResult;
import io.tensoronspark.session.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.api.java.JavaRDD;

/**
 * The epochs of one {@code fit}: the rows' split ({@link EpochRows}), the epoch itself, the
 * validation, the listeners' {@code onValidation}, early stopping and the best epoch's restore.
 * Used by the driver thread that calls {@code fit}.
 */
public final class FitLoop {

  private FitLoop() {}

  /**
   * @param epoch runs one epoch of {@code step} over the given rows
   * @param best keeps and restores the best epoch's parameters; used when {@code
   *     options.restoreBest()}
   */
  public static FitResult run(
      TrainingStep step,
      JavaRDD<Object[]> rows,
      FitOptions options,
      BiFunction<TrainingStep, JavaRDD<Object[]>, EpochReport> epoch,
      ListenerList listeners,
      BestEpoch best) {
    try (EpochRows split = new EpochRows(rows, options)) {
      return run(step, split, options, epoch, listeners, best);
    }
  }

  private static FitResult run(
      TrainingStep step,
      EpochRows split,
      FitOptions options,
      BiFunction<TrainingStep, JavaRDD<Object[]>, EpochReport> epoch,
      ListenerList listeners,
      BestEpoch kept) {
    List<EpochReport> reports = new ArrayList<>();
    List<Double> monitored = new ArrayList<>();
    int best = 0;
    int sinceBest = 0;
    for (int e = 1; e <= options.epochs(); e++) {
      EpochReport report = epoch.apply(step, split.forEpoch(e));
      reports.add(report);
      double value =
          options.validation() != null
              ? options.validation().evaluate(report.epoch())
              : report.meanLoss();
      monitored.add(value);
      listeners.validation(report.epoch(), options.monitoredName(), value);
      if (best == 0 || improves(value, monitored.get(best - 1), options)) {
        best = e;
        sinceBest = 0;
        if (options.restoreBest()) {
          kept.keep();
        }
      } else if (options.patience() > 0 && ++sinceBest >= options.patience()) {
        return finish(reports, monitored, best, e < options.epochs(), options, kept);
      }
    }
    return finish(reports, monitored, best, false, options, kept);
  }

  private static FitResult finish(
      List<EpochReport> reports,
      List<Double> monitored,
      int best,
      boolean stoppedEarly,
      FitOptions options,
      BestEpoch kept) {
    boolean restore = options.restoreBest() && best < reports.size();
    if (restore) {
      kept.restore();
    }
    return new FitResult(reports, monitored, best, stoppedEarly, restore);
  }

  private static boolean improves(double value, double best, FitOptions options) {
    double gain = options.higherIsBetter() ? value - best : best - value;
    return gain > options.minDelta();
  }
}
