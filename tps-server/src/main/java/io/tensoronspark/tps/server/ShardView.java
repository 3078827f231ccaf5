package io.tensoronspark.tps.server;

import io.tensoronspark.combiners.CombinerState;

/**
 * A shard's live values and combiner state, handed to a {@link ParameterStore#forEachShard} visitor
 * while the shard's lock is held. Valid during that call only; the visitor may read or overwrite
 * them (restores) but must not keep them.
 *
 * @param paramIndex the parameter's id
 * @param offset where the shard starts within the parameter
 * @param values the shard's values (live)
 * @param state the combiner's state for the shard (live)
 */
public record ShardView(int paramIndex, int offset, float[] values, CombinerState state) {}
