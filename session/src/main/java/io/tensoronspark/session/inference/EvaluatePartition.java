package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.BoundedResourceCache;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The executor side of {@link DistributedPredictor#evaluate}: runs a partition through the cached
 * SavedModel in batches and returns one array: each scalar metric's sum of (batch value x batch
 * rows), then the row count as the last element. Summed over partitions and divided by the rows,
 * that is the mean over all rows, not a mean of partition means. Serializable.
 */
final class EvaluatePartition implements FlatMapFunction<Iterator<Object[]>, double[]> {

  private static final long serialVersionUID = 1L;

  private final PredictSpec spec;

  EvaluatePartition(PredictSpec spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<double[]> call(Iterator<Object[]> rows) {
    int metrics = spec.outputs().size();
    double[] sums = new double[metrics + 1];
    if (!rows.hasNext()) {
      return List.of(sums).iterator();
    }
    TaskContext task = TaskContext.get();
    try (BoundedResourceCache.Lease<LoadedSavedModel> lease = SavedModelCache.acquire(spec)) {
      BatchRunner runner =
          new BatchRunner(spec, lease.get(), task == null ? 0 : task.partitionId(), true);
      while (rows.hasNext()) {
        if (runner.add(rows.next()) || !rows.hasNext()) {
          int batch = runner.buffered();
          Object[] values = runner.run();
          for (int m = 0; m < metrics; m++) {
            sums[m] += BatchRunner.metric(values[m]) * batch;
          }
          sums[metrics] += batch;
        }
      }
    }
    return List.of(sums).iterator();
  }
}
