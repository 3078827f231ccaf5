package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.BoundedResourceCache;

/**
 * One task's handle on the executor's cached SavedModel, for callers that stream their own rows
 * (e.g. the Spark ML model's transform, which carries the input columns along): add rows, run the
 * full batch, get one {@code Object[]} of outputs per row. Holds a lease on the model until {@link
 * #close()}. Owned by one task thread.
 */
public final class PartitionPredictor implements AutoCloseable {

  private final BoundedResourceCache.Lease<LoadedSavedModel> lease;
  private final BatchRunner runner;

  /** Acquires the model of {@code spec} (loading it once per JVM and version). */
  public PartitionPredictor(PredictSpec spec, int partition) {
    this.lease = SavedModelCache.acquire(spec);
    try {
      this.runner = new BatchRunner(spec, lease.get(), partition, false);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** Adds a row of input values; true when the batch is full and {@link #run()} is due. */
  public boolean add(Object[] row) {
    return runner.add(row);
  }

  /** Rows added since the last run. */
  public int buffered() {
    return runner.buffered();
  }

  /** Runs the buffered rows; one output row per input row, in order. */
  public Object[][] run() {
    int rows = runner.buffered();
    return runner.toRows(runner.run(), rows);
  }

  @Override
  public void close() {
    lease.close();
  }
}
