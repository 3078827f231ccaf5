package io.tensoronspark.tps.server;

import io.tensoronspark.combiners.CombinerState;
import io.tensoronspark.combiners.MergeContext;

/**
 * The {@link MergeContext} of one shard merge: immutable, created per merge, valid during that
 * merge only.
 */
record ShardMergeContext(long staleness, int workerCount, int workerId, CombinerState state)
    implements MergeContext {}
