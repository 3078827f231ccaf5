package io.tensoronspark.tps.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per task attempt, the highest push sequence applied, so that a retried request is
 * answered without being applied twice. Bounded: keeps the {@code capacity} most recently used
 * attempts and forgets the oldest (a retry of a forgotten attempt would be applied again; with the
 * default capacity that needs tens of thousands of newer attempts in between).
 *
 * <p>Thread-safe: every method is synchronized (one short map operation per push).
 */
public final class DedupWindow {

  /** The default number of attempts remembered. */
  public static final int DEFAULT_CAPACITY = 65_536;

  private final Map<Long, Long> highestApplied;

  /** A window remembering up to {@code capacity} attempts. */
  public DedupWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("dedup capacity must be >= 1, got " + capacity);
    }
    this.highestApplied =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether (attempt, sequence) was applied already (or a later sequence of the attempt was). */
  public synchronized boolean isDuplicate(long taskAttemptId, long sequence) {
    Long highest = highestApplied.get(taskAttemptId);
    return highest != null && sequence <= highest;
  }

  /**
   * Claims (attempt, sequence) for applying: true when it was not applied yet (and records it),
   * false when another request for it (or a later sequence) got there first.
   */
  public synchronized boolean claim(long taskAttemptId, long sequence) {
    Long highest = highestApplied.get(taskAttemptId);
    if (highest != null && sequence <= highest) {
      return false;
    }
    highestApplied.put(taskAttemptId, sequence);
    return true;
  }

  /** The number of attempts remembered. */
  public synchronized int size() {
    return highestApplied.size();
  }
}
