package io.tensoronspark.combiners;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-shard state a stateful combiner keeps between merges: named float buffers sized like the
 * shard (velocity, running sums) and named counters. Owned by one shard and touched only by the
 * thread merging that shard (see the threading contract on {@link Combiner}), so it is deliberately
 * not thread-safe. Its buffers are part of the TPS checkpoint.
 */
public final class CombinerState {

  private final int length;
  private final Map<String, float[]> buffers = new HashMap<>();
  private final Map<String, Long> counters = new HashMap<>();

  /** Creates empty state for a shard of {@code length} floats. */
  public CombinerState(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("shard length must be >= 0, got " + length);
    }
    this.length = length;
  }

  /** The shard length every buffer has. */
  public int length() {
    return length;
  }

  /** The buffer named {@code name}, created filled with zeros on first use. */
  public float[] buffer(String name) {
    return buffers.computeIfAbsent(name, k -> new float[length]);
  }

  /** The counter named {@code name}; zero when never set. */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** Sets the counter named {@code name}. */
  public void setCounter(String name, long value) {
    counters.put(name, value);
  }

  /**
   * The buffers created so far, by name, for checkpoints: the live map, so a checkpoint restore may
   * put buffers back (each of {@link #length()} floats).
   */
  public Map<String, float[]> buffers() {
    return buffers;
  }

  /** The counters set so far, by name, for checkpoints: the live map, as for {@link #buffers()}. */
  public Map<String, Long> counters() {
    return counters;
  }

  /** The length, the buffer names (not their contents) and the counters, for logs. */
  @Override
  public String toString() {
    return "CombinerState[length="
        + length
        + ", buffers="
        + new TreeSet<>(buffers.keySet())
        + ", counters="
        + new TreeMap<>(counters)
        + "]";
  }
}
