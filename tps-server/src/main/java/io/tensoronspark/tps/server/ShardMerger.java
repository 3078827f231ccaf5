package io.tensoronspark.tps.server;

import java.util.function.Consumer;

/**
 * Runs the per-shard merges of one push. Implementations decide whether shards run one after the
 * other on the calling thread or in parallel; either way {@link #mergeAll} returns only when every
 * shard is done, and rethrows the first failure. Thread-safe: called by many request threads at
 * once.
 */
public interface ShardMerger extends AutoCloseable {

  /** Applies {@code mergeOne} to every shard of every parameter and returns when all are done. */
  void mergeAll(Shard[][] shards, Consumer<Shard> mergeOne);

  /** Releases any threads the merger owns. Idempotent. */
  @Override
  void close();

  /** A merger that runs every shard on the calling thread, in order. */
  static ShardMerger sequential() {
    return new SequentialShardMerger();
  }

  /**
   * A merger that spreads the shards of pushes of at least {@code minFloats} floats over {@code
   * threads} threads (the request thread included); {@code threads == 1} is sequential.
   */
  static ShardMerger parallel(int threads, long minFloats) {
    return threads <= 1 ? sequential() : new ParallelShardMerger(threads, minFloats);
  }
}
