package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochPhases;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.Repartition;
import io.tensoronspark.session.TaskStats;
import io.tensoronspark.session.executor.ExecutorModelCache;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One DistributedSession run: {@code partitions} partitions on {@code local[partitions]}, the
 * training rows randomly repartitioned once and cached before the clock starts; each epoch the
 * session shuffles every partition's rows with a seed mixed from the epoch (as the examples train).
 * With {@link RunSettings#repartitionEveryEpoch()} every epoch after the first is also randomly
 * repartitioned (a full Spark shuffle of the rows per epoch, the runner's earlier method). One task
 * with as many TF intra- and inter-op threads as the plain loop's TensorFlow defaults (all cores)
 * when there is one partition; one of each per task otherwise. With {@code overlap} the round trips
 * run beside the training ({@code overlapSync}). Stateless.
 */
final class SessionRun {

  private SessionRun() {}

  static RunResult run(
      ModelCase modelCase, RunSettings settings, int partitions, boolean overlap, int round) {
    SparkSession spark = LocalSpark.start(partitions);
    try (ComparedModel model = modelCase.build(settings.seed())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<Object[]> rows =
          Repartition.randomly(
                  sc.parallelize(settings.train().rows(), partitions), partitions, settings.seed())
              .cache();
      rows.count();
      int threads = partitions == 1 ? Runtime.getRuntime().availableProcessors() : 1;
      long start = System.nanoTime();
      try (DistributedSession session =
          DistributedSession.builder(sc, model.graph(), model.session())
              .batchSize(modelCase.batchSize)
              .syncIntervalSteps(settings.syncIntervalSteps())
              .combiner(Combiners.byName(settings.combiner()))
              .loss(model.loss())
              .shuffleSeed(settings.seed())
              .intraOpThreads(threads)
              .interOpThreads(threads)
              .overlapSync(overlap)
              .build()) {
        long setupMillis = (System.nanoTime() - start) / 1_000_000;
        List<EpochFigures> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
          JavaRDD<Object[]> epochRows =
              epoch == 1 || !settings.repartitionEveryEpoch()
                  ? rows
                  : Repartition.randomly(rows, partitions, settings.seed() + epoch);
          long epochStart = System.nanoTime();
          EpochReport report =
              session.run(model.trainOp(), epochRows, model.feedNames(), model.parameters(), true);
          long wallMillis = (System.nanoTime() - epochStart) / 1_000_000;
          epochs.add(figures(report, wallMillis, model.accuracy(settings.test())));
        }
        return new RunResult(
            modelCase,
            "session-" + partitions + (overlap ? "-overlap" : ""),
            round,
            partitions,
            setupMillis,
            epochs,
            false);
      }
    } finally {
      spark.stop();
      // Local mode's executor is this JVM: free the loaded models with the context.
      ExecutorModelCache.get().closeAll();
    }
  }

  /** The epoch's figures; the fixed cost is split along the longest task (the job waits for it). */
  static EpochFigures figures(EpochReport report, long wallMillis, float accuracy) {
    TaskStats longest = null;
    for (TaskStats task : report.tasks()) {
      if (longest == null || task.taskNanos() > longest.taskNanos()) {
        longest = task;
      }
    }
    long loopMillis =
        longest == null ? 0 : (longest.computeNanos() + longest.syncNanos()) / 1_000_000;
    long taskMillis = longest == null ? 0 : longest.taskNanos() / 1_000_000;
    EpochPhases phases = report.phases();
    EpochFigures.FixedCost fixed =
        new EpochFigures.FixedCost(
            phases.prepareMillis(),
            Math.max(0, phases.jobMillis() - taskMillis),
            Math.max(0, taskMillis - loopMillis),
            phases.assignMillis(),
            phases.checkpointMillis());
    return new EpochFigures(
        report.samples(), wallMillis, Math.max(0, wallMillis - loopMillis), fixed, accuracy);
  }
}
