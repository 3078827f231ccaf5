package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.BoundedResourceCache;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of {@link DistributedPredictor#predict}: streams a partition through the cached
 * SavedModel one batch at a time, yielding one {@code Object[]} of outputs per input row, in the
 * partition's order. The model lease is released when the partition is exhausted or the task ends,
 * whichever comes first. Serializable; each task gets its own iterator.
 */
final class PredictPartition implements FlatMapFunction<Iterator<Object[]>, Object[]> {

  private static final long serialVersionUID = 1L;

  private final PredictSpec spec;

  PredictPartition(PredictSpec spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<Object[]> call(Iterator<Object[]> rows) {
    return new Batches(spec, rows);
  }

  /** Lazily runs one batch whenever the previous one's rows are used up. Not thread-safe. */
  private static final class Batches implements Iterator<Object[]> {
    private final PredictSpec spec;
    private final Iterator<Object[]> source;
    private BoundedResourceCache.Lease<LoadedSavedModel> lease;
    private BatchRunner runner;
    private Object[][] pending = new Object[0][];
    private int next;

    Batches(PredictSpec spec, Iterator<Object[]> source) {
      this.spec = spec;
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      if (next < pending.length) {
        return true;
      }
      if (!source.hasNext()) {
        release();
        return false;
      }
      if (runner == null) {
        open();
      }
      while (source.hasNext() && !runner.add(source.next())) {
        // fill the batch
      }
      int rows = runner.buffered();
      pending = runner.toRows(runner.run(), rows);
      next = 0;
      return true;
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending[next++];
    }

    private void open() {
      TaskContext task = TaskContext.get();
      lease = SavedModelCache.acquire(spec);
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) ctx -> release());
      }
      runner = new BatchRunner(spec, lease.get(), task == null ? 0 : task.partitionId(), false);
    }

    private void release() {
      if (lease != null) {
        lease.close();
      }
    }
  }
}
