package io.tensoronspark.tps.server;

/**
 * Receives shard values from {@link ParameterStore} while the shard's lock is held: it must copy
 * what it needs and return quickly, must not keep {@code values}, and must not call back into the
 * store.
 */
@FunctionalInterface
public interface ShardSink {

  /**
   * Called once per shard.
   *
   * @param paramIndex the parameter's id
   * @param offset where the shard starts within the parameter
   * @param values the shard's current values (read only; valid during the call)
   */
  void accept(int paramIndex, int offset, float[] values);
}
