package io.tensoronspark.combiners;

/** Merge contexts for tests: fresh state sized like the shard. */
final class TestContexts {

  private TestContexts() {}

  static MergeContext context(long staleness, int workerCount, int shardLength) {
    return MergeContext.of(staleness, workerCount, 0, new CombinerState(shardLength));
  }

  /** A context that returns whatever it is given, bypassing {@link SimpleMergeContext}'s checks. */
  static MergeContext unchecked(long staleness, int workerCount, CombinerState state) {
    return new MergeContext() {
      @Override
      public long staleness() {
        return staleness;
      }

      @Override
      public int workerCount() {
        return workerCount;
      }

      @Override
      public int workerId() {
        return 0;
      }

      @Override
      public CombinerState state() {
        return state;
      }
    };
  }
}
