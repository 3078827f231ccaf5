package io.tensoronspark.tps.server;

import io.tensoronspark.combiners.CombinerState;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One contiguous slice of a parameter: its values, the combiner's state for it and the lock that
 * serializes every access (merges, reads, checkpoints). Whoever touches {@link #values} or {@link
 * #state} holds {@link #lock} (or works for the thread that does, see {@link ParameterStore}); this
 * is what gives combiners their one-thread-per-shard contract.
 *
 * <p>A merge is staged: {@link #stage} copies the values and the state into a spare pair, the
 * combiner merges into that, and only {@link #commit} makes it current by swapping the pairs, so a
 * refused merge leaves the shard bit for bit as it was (the spare pair costs one more copy of the
 * shard's values and state). Public only as a type for {@link ShardMerger}: its members are
 * package-private.
 */
final class Shard {

  final int paramIndex;
  final int offset;
  final ReentrantLock lock = new ReentrantLock();
  float[] values;
  CombinerState state;
  private float[] stagedValues;
  private CombinerState stagedState;

  Shard(int paramIndex, int offset, float[] values) {
    this.paramIndex = paramIndex;
    this.offset = offset;
    this.values = values;
    this.state = new CombinerState(values.length);
    this.stagedValues = new float[values.length];
    this.stagedState = new CombinerState(values.length);
  }

  /** The number of floats in the shard. */
  int length() {
    return values.length;
  }

  /** Copies the current values and state into the spare pair and returns its values. */
  float[] stage() {
    System.arraycopy(values, 0, stagedValues, 0, values.length);
    copy(state, stagedState);
    return stagedValues;
  }

  /** The staged state, for the merge context of a staged merge. */
  CombinerState stagedState() {
    return stagedState;
  }

  /** Makes the staged values and state current. */
  void commit() {
    float[] previousValues = values;
    values = stagedValues;
    stagedValues = previousValues;
    CombinerState previousState = state;
    state = stagedState;
    stagedState = previousState;
  }

  private static void copy(CombinerState from, CombinerState to) {
    Map<String, float[]> target = to.buffers();
    target.keySet().retainAll(from.buffers().keySet());
    from.buffers()
        .forEach((name, buffer) -> System.arraycopy(buffer, 0, to.buffer(name), 0, buffer.length));
    to.counters().clear();
    to.counters().putAll(from.counters());
  }
}
