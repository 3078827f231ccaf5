package io.tensoronspark.tps.server;

import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per (worker id, task attempt), the highest push sequence applied, so that a retried
 * request is answered without being applied twice. Keyed by both ids, so a push naming another
 * partition's attempt id cannot mark that partition's pushes as duplicates. Sequences must advance
 * within a bounded gap: a sequence more than {@code maxSequenceGap} past the highest applied (or
 * past -1 for a new attempt) is refused, so no push can jump its attempt's window to the end of the
 * range. Bounded: keeps the {@code capacity} most recently used keys and forgets the oldest (a
 * retry of a forgotten attempt would be applied again; with the default capacity that needs tens of
 * thousands of newer attempts in between).
 *
 * <p>Thread-safe: every method is synchronized (one short map operation per push).
 */
public final class DedupWindow {

  /** The highest sequence of a key never applied. */
  public static final long NONE = -1;

  /** What {@link #claim} returns when the sequence was applied already. */
  public static final long NOT_CLAIMED = Long.MIN_VALUE;

  private record Key(int workerId, long taskAttemptId) {}

  private final Map<Key, Long> highestApplied;
  private final long maxSequenceGap;

  /** A window remembering up to {@code capacity} attempts. */
  public DedupWindow(int capacity, long maxSequenceGap) {
    if (capacity < 1 || maxSequenceGap < 1) {
      throw new IllegalArgumentException(
          "dedup capacity and maxSequenceGap must be >= 1, got "
              + capacity
              + ", "
              + maxSequenceGap);
    }
    this.maxSequenceGap = maxSequenceGap;
    this.highestApplied =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether (worker, attempt, sequence) was applied already (or a later sequence was). */
  public synchronized boolean isDuplicate(int workerId, long taskAttemptId, long sequence) {
    return sequence <= highest(new Key(workerId, taskAttemptId));
  }

  /**
   * Checks that {@code sequence} (not a duplicate) is within the gap past the highest applied.
   *
   * @throws FrameRejectedException 400 naming the sequence and the window
   */
  public synchronized void checkAdvance(int workerId, long taskAttemptId, long sequence)
      throws FrameRejectedException {
    long highest = highest(new Key(workerId, taskAttemptId));
    if (sequence > highest + maxSequenceGap) {
      throw FrameRejectedException.malformed(
          "sequence "
              + sequence
              + " of attempt "
              + taskAttemptId
              + " (worker "
              + workerId
              + ") is more than "
              + maxSequenceGap
              + " past its highest applied sequence "
              + highest);
    }
  }

  /**
   * Claims (worker, attempt, sequence) for applying.
   *
   * @return the previous highest sequence ({@link #NONE} for a new key), to hand to {@link
   *     #release} if the merge then fails; {@link #NOT_CLAIMED} when another request for it (or a
   *     later sequence) got there first
   */
  public synchronized long claim(int workerId, long taskAttemptId, long sequence) {
    Key key = new Key(workerId, taskAttemptId);
    long highest = highest(key);
    if (sequence <= highest) {
      return NOT_CLAIMED;
    }
    highestApplied.put(key, sequence);
    return highest;
  }

  /**
   * Undoes a {@link #claim} whose merge was refused, so a retry is merged rather than answered as a
   * duplicate; does nothing when a later sequence was claimed since.
   */
  public synchronized void release(int workerId, long taskAttemptId, long sequence, long previous) {
    Key key = new Key(workerId, taskAttemptId);
    Long highest = highestApplied.get(key);
    if (highest != null && highest == sequence) {
      if (previous == NONE) {
        highestApplied.remove(key);
      } else {
        highestApplied.put(key, previous);
      }
    }
  }

  private long highest(Key key) {
    Long highest = highestApplied.get(key);
    return highest == null ? NONE : highest;
  }

  /** The number of keys remembered. */
  public synchronized int size() {
    return highestApplied.size();
  }
}
