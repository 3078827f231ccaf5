package io.tensoronspark.tps.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The task attempts the scheduler launched, per partition (worker id), as the host registers them
 * (the session's SparkListener sees every attempt Spark launches): with {@link
 * io.tensoronspark.tps.config.TpsServerConfig#requireLaunchedAttempts} on, only these may pull with
 * an identity, push, and claim their partition, so a client cannot lock a partition out with an
 * attempt id of its own making. Keeps the {@value #ATTEMPTS_PER_PARTITION} latest attempts of each
 * partition (older ones are superseded by a newer attempt anyway). Registration is asynchronous
 * with the launch (Spark's listener bus), so a pull may {@link #await} it for a bounded time.
 *
 * <p>Thread-safe: every method synchronizes on the table; {@link #await} waits on it.
 */
public final class LaunchedAttempts {

  /** Attempts remembered per partition: retries and speculative copies of a few epochs. */
  public static final int ATTEMPTS_PER_PARTITION = 16;

  private final Map<Integer, long[]> latest = new HashMap<>();
  private final Map<Integer, Integer> counts = new HashMap<>();

  /** Registers attempt {@code taskAttemptId} as launched for partition {@code partition}. */
  public synchronized void register(int partition, long taskAttemptId) {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
    long[] ring = latest.computeIfAbsent(partition, p -> new long[ATTEMPTS_PER_PARTITION]);
    int count = counts.getOrDefault(partition, 0);
    ring[count % ATTEMPTS_PER_PARTITION] = taskAttemptId;
    counts.put(partition, count + 1);
    notifyAll();
  }

  /** Whether {@code taskAttemptId} was launched for {@code partition} (and is still remembered). */
  public synchronized boolean isLaunched(int partition, long taskAttemptId) {
    long[] ring = latest.get(partition);
    if (ring == null) {
      return false;
    }
    int known = Math.min(counts.get(partition), ATTEMPTS_PER_PARTITION);
    for (int i = 0; i < known; i++) {
      if (ring[i] == taskAttemptId) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits up to {@code timeoutMillis} for the attempt's registration; whether it came. Restores the
   * interrupt flag and returns false when interrupted.
   */
  public synchronized boolean await(int partition, long taskAttemptId, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!isLaunched(partition, taskAttemptId)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
