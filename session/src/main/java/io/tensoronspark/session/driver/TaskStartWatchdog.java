package io.tensoronspark.session.driver;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Turns Spark's silent wait for resources into a clear failure: if no task of an epoch's job group
 * has started within the timeout (no executor accepted the work: dead workers, too little memory or
 * cores, an unreachable driver), the job group is cancelled and {@link #fired()} says why. Spark
 * itself would log "Initial job has not accepted any resources" forever. One watchdog per epoch,
 * started and closed by the driver thread that runs it.
 */
final class TaskStartWatchdog implements AutoCloseable {

  private static final long POLL_MILLIS = 500;

  private final JavaSparkContext sc;
  private final String jobGroup;
  private final long deadlineNanos;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final ScheduledExecutorService timer;

  private TaskStartWatchdog(JavaSparkContext sc, String jobGroup, long timeoutMillis) {
    this.sc = sc;
    this.jobGroup = jobGroup;
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tensoronspark-task-start-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching {@code jobGroup}; a timeout of 0 disables the watchdog. */
  static TaskStartWatchdog start(JavaSparkContext sc, String jobGroup, long timeoutMillis) {
    TaskStartWatchdog watchdog = new TaskStartWatchdog(sc, jobGroup, timeoutMillis);
    if (timeoutMillis > 0) {
      watchdog.timer.scheduleWithFixedDelay(
          watchdog::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
    return watchdog;
  }

  private void check() {
    if (anyTaskStarted()) {
      timer.shutdown();
    } else if (System.nanoTime() > deadlineNanos && fired.compareAndSet(false, true)) {
      sc.cancelJobGroup(jobGroup);
      timer.shutdown();
    }
  }

  private boolean anyTaskStarted() {
    for (int jobId : sc.statusTracker().getJobIdsForGroup(jobGroup)) {
      SparkJobInfo job = sc.statusTracker().getJobInfo(jobId);
      if (job == null) {
        continue;
      }
      for (int stageId : job.stageIds()) {
        SparkStageInfo stage = sc.statusTracker().getStageInfo(stageId);
        if (stage != null
            && stage.numActiveTasks() + stage.numCompletedTasks() + stage.numFailedTasks() > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the watchdog cancelled the job because no task started in time. */
  boolean fired() {
    return fired.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
