package io.tensoronspark.session.driver;

import io.tensoronspark.session.TrainingProgress;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.PushTotals;
import io.tensoronspark.tps.protocol.WorkerTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one epoch through the TPS's {@link PushLog}: every {@link #INTERVAL_MILLIS} it turns the
 * totals since the epoch started into a {@link TrainingProgress} and hands it to the listeners.
 *
 * <p>Threads: one daemon thread of its own calls the listeners, never concurrently with itself;
 * {@link #close} (by the epoch's driver thread) stops it, waits for a call in progress, and makes
 * one last call on the closing thread with the epoch's final counts. {@link #current} may be called
 * from any thread.
 */
final class ProgressMonitor implements AutoCloseable {

  /** How often the listeners get the epoch's progress. */
  static final long INTERVAL_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(ProgressMonitor.class);

  private final PushLog log;
  private final int epoch;
  private final long expectedSamples;
  private final ListenerList listeners;
  private final PushTotals baseline;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastSamples;
  private double lastLossSum;
  private double recentLoss = Double.NaN;

  private ProgressMonitor(PushLog log, int epoch, long expectedSamples, ListenerList listeners) {
    this.log = log;
    this.epoch = epoch;
    this.expectedSamples = expectedSamples;
    this.listeners = listeners;
    this.baseline = log.totals();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tensoronspark-progress-epoch-" + epoch);
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts following epoch {@code epoch} from the log's totals now. */
  static ProgressMonitor start(
      PushLog log, int epoch, long expectedSamples, ListenerList listeners) {
    ProgressMonitor monitor = new ProgressMonitor(log, epoch, expectedSamples, listeners);
    monitor.timer.scheduleWithFixedDelay(
        monitor::tick, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return monitor;
  }

  private void tick() {
    try {
      listeners.progress(current());
    } catch (RuntimeException e) {
      LOG.warn("a training listener failed on progress of epoch {}", epoch, e);
    }
  }

  /** The epoch's progress now. */
  synchronized TrainingProgress current() {
    PushTotals now = log.totals();
    long samples = now.samples() - baseline.samples();
    double lossSum = now.lossSum() - baseline.lossSum();
    if (samples > lastSamples) {
      recentLoss = (lossSum - lastLossSum) / (samples - lastSamples);
      lastSamples = samples;
      lastLossSum = lossSum;
    }
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    return new TrainingProgress(
        epoch,
        expectedSamples,
        samples,
        now.steps() - baseline.steps(),
        now.pushes() - baseline.pushes(),
        samples == 0 ? Double.NaN : lossSum / samples,
        recentLoss,
        elapsedMillis == 0 ? 0 : samples * 1000.0 / elapsedMillis,
        elapsedMillis,
        workers(now));
  }

  private List<TrainingProgress.WorkerProgress> workers(PushTotals now) {
    Map<Integer, WorkerTotals> before = new HashMap<>();
    for (WorkerTotals w : baseline.workers()) {
      before.put(w.workerId(), w);
    }
    long wallNow = System.currentTimeMillis();
    List<TrainingProgress.WorkerProgress> out = new ArrayList<>();
    for (WorkerTotals w : now.workers()) {
      WorkerTotals b = before.get(w.workerId());
      long pushes = w.pushes() - (b == null ? 0 : b.pushes());
      if (pushes == 0) {
        continue;
      }
      out.add(
          new TrainingProgress.WorkerProgress(
              w.workerId(),
              pushes,
              w.samples() - (b == null ? 0 : b.samples()),
              w.lastStaleness(),
              w.maxStaleness(),
              Math.max(0, wallNow - w.lastPushMillis())));
    }
    return out;
  }

  /**
   * Stops the timer and gives the listeners the epoch's final progress on this thread.
   *
   * @return that final progress
   */
  TrainingProgress finish() {
    close();
    TrainingProgress last = current();
    listeners.progress(last);
    return last;
  }

  /** Stops the timer and waits for a listener call in progress. Idempotent. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a training listener is still busy with progress of epoch {}", epoch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
