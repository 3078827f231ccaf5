package io.tensoronspark.tps.server;

import java.util.function.Consumer;

/** Merges shards one after the other on the request thread. Stateless; thread-safe. */
final class SequentialShardMerger implements ShardMerger {

  @Override
  public void mergeAll(Shard[][] shards, Consumer<Shard> mergeOne) {
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        mergeOne.accept(shard);
      }
    }
  }

  @Override
  public void close() {}
}
