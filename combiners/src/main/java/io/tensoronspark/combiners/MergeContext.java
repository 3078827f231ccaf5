package io.tensoronspark.combiners;

/**
 * What the server knows about one merge, handed to {@link Combiner#merge}. Valid only during that
 * call: a combiner must not keep a reference to it (nor to the arrays of its {@link #state()}).
 * Read by the one thread merging the shard (see the threading contract on {@link Combiner}). {@link
 * #of} makes an immutable one.
 */
public interface MergeContext {

  /**
   * An immutable context with the given values, validated: {@code staleness >= 0}, {@code
   * workerCount >= 1}, {@code workerId >= 0} or {@link SimpleMergeContext#UNKNOWN_WORKER}, {@code
   * state} not null.
   */
  static MergeContext of(long staleness, int workerCount, int workerId, CombinerState state) {
    return new SimpleMergeContext(staleness, workerCount, workerId, state);
  }

  /**
   * Staleness s: the shard's version now minus the version of the snapshot the worker's base came
   * from. Zero when no other push was merged since the worker pulled.
   */
  long staleness();

  /** N, the number of workers taking part in the run (at least 1). */
  int workerCount();

  /**
   * The id of the pushing worker (the Spark partition index), in {@code [0, workerCount)} when
   * known.
   */
  int workerId();

  /**
   * The combiner's private state for this shard; created empty with the shard and kept for its
   * lifetime.
   */
  CombinerState state();
}
