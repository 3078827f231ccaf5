package io.tensoronspark.tps.checkpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * A copy of one shard's combiner state, as checkpointed. Immutable after construction (the maps are
 * copies; callers must not modify the arrays).
 *
 * @param paramIndex the parameter's id
 * @param offset where the shard starts within the parameter
 * @param length the shard's length (every buffer's length)
 * @param buffers the combiner's named buffers
 * @param counters the combiner's named counters
 */
public record ShardState(
    int paramIndex,
    int offset,
    int length,
    Map<String, float[]> buffers,
    Map<String, Long> counters) {

  /** Copies the maps (sorted by name, so checkpoints are deterministic). */
  public ShardState {
    buffers = java.util.Collections.unmodifiableMap(new TreeMap<>(buffers));
    counters = java.util.Collections.unmodifiableMap(new TreeMap<>(counters));
  }

  /** Whether the combiner kept anything for this shard. */
  public boolean isEmpty() {
    return buffers.isEmpty() && counters.isEmpty();
  }
}
