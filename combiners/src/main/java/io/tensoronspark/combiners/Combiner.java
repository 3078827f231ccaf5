package io.tensoronspark.combiners;

import java.io.Serializable;

/**
 * A merge rule for asynchronous parameter exchange: how a worker turns its local training progress
 * into a payload, how the Tensor Parameter Server (TPS) folds one payload into its value, and what
 * the worker keeps afterwards.
 *
 * <h2>Vocabulary</h2>
 *
 * <ul>
 *   <li><b>W</b> ({@code local}): the worker's current values of one parameter, after some local
 *       training steps.
 *   <li><b>B</b> ({@code base}): the values the worker last received from the server (its pulled
 *       snapshot). Deltas are always taken against B, never against what the worker last pushed:
 *       taking them against the last push counts other workers' updates twice (the bug in
 *       TensorOnSpark's DeltaWeightCombiner).
 *   <li><b>o</b> ({@code value}): the server's value of one parameter shard.
 * </ul>
 *
 * <h2>Worker half</h2>
 *
 * {@link #preparePayload} fills the payload to send from W and B (default: the delta W - B); after
 * the server's reply, {@link #afterReply} decides what the worker keeps (default: W := B := the
 * server's merged value).
 *
 * <h2>Server half</h2>
 *
 * {@link #merge} folds one payload slice into one server shard, given a {@link MergeContext} with
 * the staleness, the number of workers, the worker id and per-shard state the combiner may keep
 * (momentum buffers, counters).
 *
 * <h2>Threading contract</h2>
 *
 * For any one parameter shard, the server calls {@link #merge} from exactly one thread at a time
 * (pushes to a shard are serialized), so a combiner needs no locks for its per-shard state.
 * Different shards may be merged in parallel by different threads, so a combiner must not keep
 * mutable state in its own fields: keep it in {@link MergeContext#state()}. The worker half is
 * called by one task thread at a time per task. Implementations must be immutable after
 * construction and {@link Serializable} (they travel to Spark executors), with a public no-argument
 * constructor so {@link Combiners#byName} can load them, and should say their settings in {@code
 * toString()}.
 *
 * <h2>Errors</h2>
 *
 * {@link #merge} runs on data a client sent: it checks the payload's length (see {@link
 * PayloadSlice#check}) and its context before touching the value, and throws {@link
 * IllegalArgumentException} naming what was expected and what came, leaving the shard untouched.
 *
 * <h2>Arrays</h2>
 *
 * Every method receives arrays of equal length: one parameter's (worker half), or one shard's value
 * and that shard's slice of the push as an array of its own, both starting at index 0 (server
 * half). Implementations never keep references to the arrays they are given. Write the server
 * half's loop as an {@link ElementwiseMerge} kernel: element {@code i} of the value and of the
 * payload line up, the shape HotSpot compiles to vector instructions.
 */
public interface Combiner extends Serializable {

  /**
   * A short stable name (lower-case, dashes), used on the command line and in {@link
   * Combiners#byName}.
   */
  String name();

  /**
   * Worker half: writes the payload for one parameter into {@code payload}.
   *
   * @param local W, the worker's current values (read only)
   * @param base B, the snapshot the worker last received from the server (read only)
   * @param payload where the payload goes; same length as {@code local}
   */
  default void preparePayload(float[] local, float[] base, float[] payload) {
    for (int i = 0; i < local.length; i++) {
      payload[i] = local[i] - base[i];
    }
  }

  /**
   * Worker half: updates what the worker keeps after the server answered a push with its merged
   * value.
   *
   * @param local W, overwritten with the values the worker trains on next
   * @param base B, overwritten with the new base for the next payload
   * @param payload what was sent (read only)
   * @param merged the server's value after the merge (read only)
   */
  default void afterReply(float[] local, float[] base, float[] payload, float[] merged) {
    System.arraycopy(merged, 0, local, 0, merged.length);
    System.arraycopy(merged, 0, base, 0, merged.length);
  }

  /**
   * Server half: merges {@code payload} into the shard {@code value}, element {@code i} into
   * element {@code i}.
   *
   * @param value o, one shard of the server's value, updated in place
   * @param payload this shard's slice of the worker's payload (read only), as long as {@code value}
   * @param context staleness, worker count, worker id and this shard's combiner state
   */
  void merge(float[] value, float[] payload, MergeContext context);
}
