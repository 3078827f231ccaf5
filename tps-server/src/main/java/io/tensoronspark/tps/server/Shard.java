package io.tensoronspark.tps.server;

import io.tensoronspark.combiners.CombinerState;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One contiguous slice of a parameter: its values, the combiner's state for it and the lock that
 * serializes every access (merges, reads, checkpoints). Whoever touches {@link #values} or {@link
 * #state} holds {@link #lock}; this is what gives combiners their one-thread-per-shard contract.
 * Public only as a type for {@link ShardMerger}: its members are package-private.
 */
public final class Shard {

  final int paramIndex;
  final int offset;
  final float[] values;
  final CombinerState state;
  final ReentrantLock lock = new ReentrantLock();

  Shard(int paramIndex, int offset, float[] values) {
    this.paramIndex = paramIndex;
    this.offset = offset;
    this.values = values;
    this.state = new CombinerState(values.length);
  }
}
