package io.tensoronspark.session.driver;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the epoch-end TPS checkpoint on one background thread, so the write overlaps what the
 * driver does between epochs (validation, the next epoch's preparation) instead of lengthening the
 * epoch. At most one write is in flight: {@link #await()} (called before the next epoch's job, so
 * no push lands before the checkpoint captured the epoch's end) waits for it and rethrows its
 * failure. Used by the driver thread that runs epochs; owns its thread, stopped by {@link #close()}
 * after the last write finished.
 */
final class EpochCheckpoints implements AutoCloseable {

  private final Runnable write;
  private ExecutorService writer; // created with the first checkpoint
  private Future<?> pending;

  /**
   * @param write one checkpoint of the TPS's current state
   */
  EpochCheckpoints(Runnable write) {
    this.write = write;
  }

  /** Starts the checkpoint of the state now, after the previous one finished. */
  void begin() {
    await();
    if (writer == null) {
      writer =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "tensoronspark-epoch-checkpoint");
                t.setDaemon(true);
                return t;
              });
    }
    pending = writer.submit(write);
  }

  /** Waits for the checkpoint in flight, if any; rethrows its failure (once). */
  void await() {
    Future<?> inFlight = pending;
    if (inFlight == null) {
      return;
    }
    pending = null;
    try {
      inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while the epoch's TPS checkpoint was written", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the epoch's TPS checkpoint failed: " + e.getCause(), e);
    }
  }

  /** Waits for the last checkpoint (rethrowing its failure) and stops the thread. Idempotent. */
  @Override
  public void close() {
    try {
      await();
    } finally {
      if (writer != null) {
        writer.shutdown();
        writer = null;
      }
    }
  }
}
