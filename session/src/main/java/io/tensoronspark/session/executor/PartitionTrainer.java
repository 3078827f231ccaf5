package io.tensoronspark.session.executor;

import io.tensoronspark.session.TaskStats;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.InvalidRowException;
import io.tensoronspark.session.spec.NanPolicy;
import io.tensoronspark.session.spec.RunSpec;
import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.protocol.PushProgress;
import io.tensoronspark.tps.wire.FrameFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.tensorflow.Session;

/**
 * Trains one epoch on one partition inside a Spark task: pulls the TPS's parameters, runs the train
 * op over batches of validated rows, and every {@code syncIntervalSteps} steps does one
 * push-and-pull round trip; a final round trip covers the remaining steps. An empty partition pulls
 * and pushes nothing. Runs on the task's thread; borrows a TF session from the {@link
 * ExecutorModelCache} and gives it back when done.
 */
public final class PartitionTrainer {

  private final RunSpec spec;
  private final int partition;
  private final int attemptNumber;
  private final Session session;
  private final ParameterSync sync;
  private final List<FeedBuffer> feeds = new ArrayList<>();
  private final double[] batchMetrics;
  private final double[] metricSums;

  private long samples;
  private long steps;
  private long skippedBatches;
  private double lossSum;
  private long computeNanos;
  private long syncNanos;
  private long pushedSamples;
  private long pushedSteps;
  private double pushedLossSum;
  private final double[] pushedMetricSums;

  private PartitionTrainer(
      RunSpec spec,
      int partition,
      int attemptNumber,
      long taskAttemptId,
      Session session,
      TpsClient client) {
    this.spec = spec;
    this.partition = partition;
    this.attemptNumber = attemptNumber;
    this.session = session;
    ParameterAccess access = new ParameterAccess(spec.parameters());
    this.sync =
        spec.overlapSync()
            ? new OverlappedSync(client, spec.combiner(), access, session, partition, taskAttemptId)
            : new ParameterSync(client, spec.combiner(), access, session, partition, taskAttemptId);
    this.sync.progressFrom(this::progressSinceLastPush);
    for (FeedSpec feed : spec.feeds()) {
      feeds.add(new FeedBuffer(feed, spec.batchSize()));
    }
    this.batchMetrics = new double[spec.metricNames().size()];
    this.metricSums = new double[batchMetrics.length];
    this.pushedMetricSums =
        new double[Math.min(metricSums.length, FrameFormat.MAX_PROGRESS_METRICS)];
  }

  /**
   * Trains {@code rows} of partition {@code partition}; called from a Spark task (the attempt
   * identity comes from {@link TaskContext}).
   */
  public static TaskOutcome train(RunSpec spec, int partition, Iterator<Object[]> rows) {
    long start = System.nanoTime();
    TaskContext task = TaskContext.get();
    int attemptNumber = task == null ? 0 : task.attemptNumber();
    long taskAttemptId =
        task == null ? new Random().nextLong() & Long.MAX_VALUE : task.taskAttemptId();
    int threads =
        spec.intraOpThreads() > 0 ? spec.intraOpThreads() : (task == null ? 1 : task.cpus());
    GpuPlacement gpu = ExecutorGpus.get().placementFor(ExecutorGpus.taskGpus(task));
    try (BoundedResourceCache.Lease<LoadedModel> lease =
        ExecutorModelCache.get().model(spec, gpu)) {
      LoadedModel model = lease.get();
      Session session = model.borrow(threads, spec.interOpThreads());
      try (TpsClient client = new TpsClient(spec.clientConfig(), spec.parameterSpecs())) {
        model.resetOptimizerState(session, spec.optimizerStateToReset());
        PartitionTrainer trainer =
            new PartitionTrainer(spec, partition, attemptNumber, taskAttemptId, session, client);
        try (ParameterSync sync = trainer.sync;
            StepExecutor step = new StepExecutor(spec, session, trainer.feeds)) {
          trainer.run(
              step,
              spec.shuffle()
                  ? RowSource.shuffled(rows, shuffleSeed(spec, partition))
                  : RowSource.inOrder(rows));
        }
        return new TaskOutcome(
            trainer.stats(taskAttemptId, System.nanoTime() - start),
            ExecutorModelCache.get().loadCount(),
            model.sessionsCreated(),
            gpu);
      } finally {
        model.release(session);
      }
    }
  }

  private void run(StepExecutor step, RowSource rows) {
    long unsyncedSteps = 0;
    boolean pulled = false;
    while (rows.hasNext()) {
      long start = System.nanoTime();
      int n = fillBatch(rows);
      computeNanos += System.nanoTime() - start;
      if (!pulled) {
        timedSync(false);
        pulled = true;
      }
      start = System.nanoTime();
      float loss = step.run(n, batchMetrics);
      computeNanos += System.nanoTime() - start;
      steps++;
      if (!Float.isFinite(loss)) {
        handleNonFiniteLoss(loss);
        continue;
      }
      samples += n;
      lossSum += (double) loss * n;
      for (int m = 0; m < metricSums.length; m++) {
        metricSums[m] += batchMetrics[m] * n;
      }
      unsyncedSteps++;
      if (unsyncedSteps == spec.syncIntervalSteps()) {
        timedSync(true);
        unsyncedSteps = 0;
      }
    }
    if (pulled) {
      long start = System.nanoTime();
      sync.finish(unsyncedSteps > 0);
      syncNanos += System.nanoTime() - start;
    }
  }

  private void handleNonFiniteLoss(float loss) {
    if (spec.nanPolicy() == NanPolicy.FAIL) {
      throw new NonFiniteLossException(
          "partition "
              + partition
              + ", step "
              + steps
              + " (attempt "
              + attemptNumber
              + "): loss is "
              + loss
              + "; nothing from this step was pushed to the TPS (NanPolicy.FAIL; NanPolicy.SKIP_BATCH drops the"
              + " batch instead)");
    }
    skippedBatches++;
    long start = System.nanoTime();
    sync.restoreBase();
    syncNanos += System.nanoTime() - start;
  }

  private void timedSync(boolean push) {
    long start = System.nanoTime();
    if (push) {
      sync.pushAndPull();
    } else {
      sync.pull();
    }
    syncNanos += System.nanoTime() - start;
  }

  /** What this task did since its previous push; the counters then start over from here. */
  private PushProgress progressSinceLastPush() {
    double[] metricDeltas = new double[pushedMetricSums.length]; // the first metrics fit the frame
    for (int m = 0; m < metricDeltas.length; m++) {
      metricDeltas[m] = metricSums[m] - pushedMetricSums[m];
      pushedMetricSums[m] = metricSums[m];
    }
    PushProgress progress =
        new PushProgress(
            samples - pushedSamples, steps - pushedSteps, lossSum - pushedLossSum, metricDeltas);
    pushedSamples = samples;
    pushedSteps = steps;
    pushedLossSum = lossSum;
    return progress;
  }

  private int fillBatch(RowSource rows) {
    int n = 0;
    while (n < spec.batchSize() && rows.hasNext()) {
      Object[] row = rows.next();
      long rowIndex = rows.index();
      if (row == null || row.length != feeds.size()) {
        throw new InvalidRowException(
            partition,
            rowIndex,
            "expected a row of "
                + feeds.size()
                + " values (one per feed "
                + spec.feeds()
                + ") but got "
                + (row == null ? "null" : row.length + " values"));
      }
      for (int f = 0; f < row.length; f++) {
        feeds.get(f).put(n, row[f], partition, rowIndex);
      }
      n++;
    }
    return n;
  }

  private TaskStats stats(long taskAttemptId, long taskNanos) {
    SparkEnv env = SparkEnv.get();
    return new TaskStats(
        partition,
        attemptNumber,
        taskAttemptId,
        env == null ? "unknown" : env.executorId(),
        samples,
        steps,
        spec.lossName() == null ? Double.NaN : lossSum,
        computeNanos,
        syncNanos,
        sync.pushes(),
        sync.pulls(),
        skippedBatches,
        metricSums.clone(),
        taskNanos);
  }

  private static long shuffleSeed(RunSpec spec, int partition) {
    return spec.shuffleSeed() * 0x9E3779B97F4A7C15L + spec.epoch() * 1_000_003L + partition;
  }

  /** A training step produced a NaN or infinite loss under {@link NanPolicy#FAIL}. */
  public static final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteLossException(String message) {
      super(message);
    }
  }
}
