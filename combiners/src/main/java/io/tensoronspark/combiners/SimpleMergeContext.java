package io.tensoronspark.combiners;

import java.util.Objects;

/**
 * An immutable {@link MergeContext} holding its four values, for the server (one per merge, or one
 * per shard reused while its fields do not change) and for tests. Create one with {@link
 * MergeContext#of}.
 *
 * @param staleness s, at least 0
 * @param workerCount N, at least 1
 * @param workerId the pushing worker's id, or {@link #UNKNOWN_WORKER}; not checked against {@code
 *     workerCount}, because the server may number workers by Spark partition while counting fewer
 *     concurrent workers
 * @param state this shard's combiner state, never null
 */
public record SimpleMergeContext(long staleness, int workerCount, int workerId, CombinerState state)
    implements MergeContext {

  /** The worker id to use when the server does not know who pushed. */
  public static final int UNKNOWN_WORKER = -1;

  /** Validates the values; see the record components. */
  public SimpleMergeContext {
    if (staleness < 0) {
      throw new IllegalArgumentException("staleness must be >= 0, got " + staleness);
    }
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount must be >= 1, got " + workerCount);
    }
    if (workerId < UNKNOWN_WORKER) {
      throw new IllegalArgumentException(
          "workerId must be >= 0 (or " + UNKNOWN_WORKER + " when unknown), got " + workerId);
    }
    Objects.requireNonNull(state, "state");
  }
}
