package io.tensoronspark.tps.checkpoint;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint every {@code intervalSeconds} on one daemon thread, skipping rounds where the
 * version did not change. A failed write is logged and retried next round (the schedule keeps
 * going). Owns its thread; {@link #close} stops it (waiting for a write in progress) and is
 * idempotent. Thread-safe.
 */
public final class PeriodicCheckpoints implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicCheckpoints.class);
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final TpsCheckpointer checkpointer;
  private final Path dir;
  private final LongSupplier version;
  private final ScheduledExecutorService scheduler;
  private long lastWrittenVersion = -1;

  /** Starts writing checkpoints of {@code checkpointer}'s store into {@code dir}. */
  public PeriodicCheckpoints(
      TpsCheckpointer checkpointer, Path dir, long intervalSeconds, LongSupplier version) {
    this.checkpointer = checkpointer;
    this.dir = dir;
    this.version = version;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tps-checkpoint");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        this::round, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  private void round() {
    long now = version.getAsLong();
    synchronized (this) {
      if (now == lastWrittenVersion) {
        return;
      }
    }
    try {
      Path written = checkpointer.checkpoint(dir);
      synchronized (this) {
        lastWrittenVersion = TpsCheckpoint.versionOf(written.getName());
        notifyAll();
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("periodic TPS checkpoint into {} failed; retrying next round", dir, e);
    }
  }

  /**
   * Waits up to {@code timeoutMillis} until a checkpoint at {@code atLeast} or later is written;
   * true if it was.
   */
  public synchronized boolean awaitVersion(long atLeast, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (lastWrittenVersion < atLeast) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Stops the schedule, waiting for a write in progress. Idempotent. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("periodic checkpoint still running after {} s; abandoning it", CLOSE_WAIT_SECONDS);
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.shutdownNow();
    }
  }
}
