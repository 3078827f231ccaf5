package io.tensoronspark.session.driver;

import io.tensoronspark.session.EpochPhases;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.OptimizerState;
import io.tensoronspark.session.SessionConfig;
import io.tensoronspark.session.TaskStats;
import io.tensoronspark.session.TrainingFailedException;
import io.tensoronspark.session.TrainingProgress;
import io.tensoronspark.session.TrainingStep;
import io.tensoronspark.session.executor.TaskOutcome;
import io.tensoronspark.session.model.GraphInstrumenter;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.session.spec.RunSpec;
import io.tensoronspark.session.spec.SerializableHadoopConf;
import io.tensoronspark.session.spec.TrainedParameter;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import io.tensoronspark.tps.protocol.TpsStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Runs one epoch on the driver: instruments and publishes the graph, makes sure the TPS runs,
 * broadcasts the run spec, runs one Spark job of partition trainers, folds their stats into an
 * {@link EpochReport} and writes the merged parameters into the user's session. One per session;
 * used only by the driver thread that runs epochs.
 */
public final class EpochRunner {

  private final JavaSparkContext sc;
  private final Graph graph;
  private final Session session;
  private final SessionConfig config;
  private final String lossName;
  private final ModelDirectory modelDirectory;
  private final ParameterServerHost tps;
  private final ListenerList listeners;
  private long lastEpochSamples = -1;
  private List<TaskOutcome> lastOutcomes = List.of();
  private volatile ProgressMonitor currentMonitor;
  private volatile TrainingProgress lastProgress;

  public EpochRunner(
      JavaSparkContext sc,
      Graph graph,
      Session session,
      SessionConfig config,
      String lossName,
      ModelDirectory modelDirectory,
      ParameterServerHost tps,
      ListenerList listeners) {
    this.sc = sc;
    this.graph = graph;
    this.session = session;
    this.config = config;
    this.lossName = lossName;
    this.modelDirectory = modelDirectory;
    this.tps = tps;
    this.listeners = listeners;
  }

  /**
   * The running epoch's progress, or the last epoch's final progress between epochs; null before
   * the first epoch. Any thread.
   */
  public TrainingProgress progress() {
    ProgressMonitor monitor = currentMonitor;
    return monitor != null ? monitor.current() : lastProgress;
  }

  /** Trains epoch {@code epoch} of {@code step} and returns its report. */
  public EpochReport run(int epoch, TrainingStep step, JavaRDD<Object[]> rows) {
    long start = System.nanoTime();
    StepValidator.Validated validated = StepValidator.validate(graph, step, lossName);
    List<TrainedParameter> params = GraphInstrumenter.instrument(graph, step.paramNames());
    List<TrainedParameter> stateToReset =
        step.optimizerState() == OptimizerState.RESET_PER_TASK
            ? GraphInstrumenter.instrument(
                graph, StepValidator.resettable(graph, validated.optimizerState()))
            : List.of();
    ParameterAccess access = new ParameterAccess(params);
    float[][] current = access.newArrays();
    access.read(session, current);
    String modelPath = modelDirectory.publish(graph, params, current);
    tps.ensureStarted(params, current);
    int partitions = rows.getNumPartitions();
    tps.server().setWorkerCount(Math.max(1, partitions));

    RunSpec spec =
        RunSpec.builder()
            .epoch(epoch)
            .modelPath(modelPath)
            .hadoopConf(new SerializableHadoopConf(sc.hadoopConfiguration()))
            .trainOpName(step.trainOpName())
            .lossName(lossName)
            .feeds(validated.feeds())
            .constantFeeds(validated.constantFeeds())
            .metricNames(step.metricNames())
            .parameters(params)
            .optimizerStateToReset(stateToReset)
            .batchSize(config.batchSize())
            .syncIntervalSteps(config.syncIntervalSteps())
            .shuffle(step.shuffle())
            .shuffleSeed(config.shuffleSeed())
            .combiner(config.combiner())
            .clientConfig(tps.clientConfig())
            .nanPolicy(config.nanPolicy())
            .overlapSync(config.overlapSync())
            .intraOpThreads(config.intraOpThreads())
            .interOpThreads(config.interOpThreads())
            .build();
    listeners.epochStart(epoch, lastEpochSamples);
    TpsStats before = tps.server().stats();
    long jobStart = System.nanoTime();
    List<TaskOutcome> outcomes;
    try (ProgressMonitor monitor =
        ProgressMonitor.start(tps.server().pushLog(), epoch, lastEpochSamples, listeners)) {
      currentMonitor = monitor;
      outcomes = runJob(epoch, spec, rows);
      lastProgress = monitor.finish();
    } finally {
      currentMonitor = null;
    }
    long jobEnd = System.nanoTime();
    TpsStats after = tps.server().stats();
    lastOutcomes = List.copyOf(outcomes);
    List<TaskStats> tasks = new ArrayList<>(outcomes.stream().map(TaskOutcome::stats).toList());

    access.assign(session, tps.values());
    long assigned = System.nanoTime();
    tps.checkpoint();
    long end = System.nanoTime();
    long wallMillis = (end - start) / 1_000_000;
    EpochPhases phases =
        new EpochPhases(
            (jobStart - start) / 1_000_000,
            (jobEnd - jobStart) / 1_000_000,
            (assigned - jobEnd) / 1_000_000,
            (end - assigned) / 1_000_000);
    EpochReport report =
        EpochReportBuilder.build(
            epoch,
            partitions,
            tasks,
            step.metricNames(),
            wallMillis,
            phases,
            before,
            after,
            tps.server().version());
    lastEpochSamples = report.samples();
    listeners.epochEnd(report);
    return report;
  }

  /** The last epoch's task outcomes, with their executor diagnostics (for the session's tests). */
  public List<TaskOutcome> lastOutcomes() {
    return lastOutcomes;
  }

  private List<TaskOutcome> runJob(int epoch, RunSpec spec, JavaRDD<Object[]> rows) {
    Broadcast<RunSpec> broadcast = sc.broadcast(spec);
    MergeRefusedException refusedBefore = tps.server().lastMergeRefusal().orElse(null);
    String jobGroup = "tensoronspark-" + System.identityHashCode(this) + "-epoch-" + epoch;
    sc.setJobGroup(jobGroup, "TensorOnSpark epoch " + epoch, true);
    long timeoutMillis = config.taskStartTimeoutMillis();
    LaunchedAttemptRegistrar registrar = new LaunchedAttemptRegistrar(tps.server(), jobGroup);
    sc.sc().addSparkListener(registrar);
    try (TaskStartWatchdog watchdog = TaskStartWatchdog.start(sc, jobGroup, timeoutMillis)) {
      return runJob(epoch, broadcast, rows, watchdog, timeoutMillis);
    } catch (TrainingFailedException e) {
      throw withMergeRefusal(epoch, e, refusedBefore);
    } finally {
      sc.sc().removeSparkListener(registrar);
      sc.clearJobGroup();
      broadcast.destroy();
    }
  }

  private List<TaskOutcome> runJob(
      int epoch,
      Broadcast<RunSpec> broadcast,
      JavaRDD<Object[]> rows,
      TaskStartWatchdog watchdog,
      long timeoutMillis) {
    try {
      return new ArrayList<>(
          rows.mapPartitionsWithIndex(new TrainPartitionFunction(broadcast), false).collect());
    } catch (Exception e) { // Scala code throws the checked SparkException without declaring it
      if (watchdog.fired()) {
        throw new TrainingFailedException(
            "training epoch "
                + epoch
                + " failed: no task started within "
                + timeoutMillis
                + " ms on "
                + sc.master()
                + "; no executor accepted the job (check that workers are alive and offer the cores and memory"
                + " of spark.executor.cores/spark.executor.memory, and that executors can reach the driver)",
            e);
      }
      if (isSparkFailure(e)) {
        throw new TrainingFailedException(
            "training epoch " + epoch + " failed: " + rootMessage(e), e);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("training epoch " + epoch + " failed: " + e, e);
    }
  }

  /**
   * When the TPS (in this JVM) refused a push at merge time during the epoch, the failure names the
   * combiner, the parameter and the combiner's exception, and carries it as the cause: the task's
   * failure only carried the server's one-line answer.
   */
  private TrainingFailedException withMergeRefusal(
      int epoch, TrainingFailedException failure, MergeRefusedException before) {
    MergeRefusedException refused = tps.server().lastMergeRefusal().orElse(null);
    if (refused == null || refused == before) {
      return failure;
    }
    Throwable cause = refused.combinerThrew() ? refused.getCause() : refused;
    TrainingFailedException named =
        new TrainingFailedException(
            "training epoch " + epoch + " failed: " + refused.getMessage(), cause);
    named.addSuppressed(failure);
    return named;
  }

  private static boolean isSparkFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message of the task's own exception: the first cause below Spark's wrappers (e.g. our
   * TpsException naming the endpoint, not the ConnectException under it); Spark's own message when
   * the cause did not travel.
   */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (!(t instanceof SparkException) && t != e) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.valueOf(e.getMessage());
  }
}
