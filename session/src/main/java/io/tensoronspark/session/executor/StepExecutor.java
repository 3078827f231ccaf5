package io.tensoronspark.session.executor;

import io.tensoronspark.session.spec.ConstantFeed;
import io.tensoronspark.session.spec.RunSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Runs one training step in a task's session: feeds the batch tensors and the constant feeds
 * (tensors made once per task and fed at every step), runs the train op and fetches the loss and
 * the extra metrics in the same session run. Owned by one task thread; owns the constant tensors,
 * closed by {@link #close()}.
 */
final class StepExecutor implements AutoCloseable {

  private final RunSpec spec;
  private final Session session;
  private final List<FeedBuffer> feeds;
  private final List<Tensor> constants = new ArrayList<>();

  StepExecutor(RunSpec spec, Session session, List<FeedBuffer> feeds) {
    this.spec = spec;
    this.session = session;
    this.feeds = feeds;
    try {
      for (ConstantFeed c : spec.constantFeeds()) {
        constants.add(c.toTensor());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Runs the train op over the first {@code rows} rows of the feed buffers.
   *
   * @param metrics receives each metric's value for this batch
   * @return the batch's loss, or 0 when the run has no loss
   */
  float run(int rows, double[] metrics) {
    List<Tensor> tensors = new ArrayList<>(feeds.size());
    try {
      Session.Runner runner = session.runner();
      for (FeedBuffer feed : feeds) {
        Tensor t = feed.toTensor(rows);
        tensors.add(t);
        runner.feed(feed.feedName(), t);
      }
      for (int i = 0; i < constants.size(); i++) {
        runner.feed(spec.constantFeeds().get(i).name(), constants.get(i));
      }
      runner.addTarget(spec.trainOpName());
      boolean hasLoss = spec.lossName() != null;
      if (hasLoss) {
        runner.fetch(spec.lossName());
      }
      for (String metric : spec.metricNames()) {
        runner.fetch(metric);
      }
      try (Result result = runner.run()) {
        int first = hasLoss ? 1 : 0;
        for (int m = 0; m < metrics.length; m++) {
          metrics[m] = scalar(result.get(first + m), spec.metricNames().get(m));
        }
        return hasLoss ? ((TFloat32) result.get(0)).getFloat() : 0f;
      }
    } finally {
      for (Tensor t : tensors) {
        t.close();
      }
    }
  }

  private static double scalar(Tensor t, String name) {
    if (t instanceof TFloat32 f) {
      return f.getFloat();
    } else if (t instanceof TFloat64 d) {
      return d.getDouble();
    } else if (t instanceof TInt32 i) {
      return i.getInt();
    } else if (t instanceof TInt64 l) {
      return l.getLong();
    }
    throw new IllegalStateException(
        "metric '" + name + "' produced a " + t.dataType() + " tensor; expected a numeric scalar");
  }

  @Override
  public void close() {
    for (Tensor t : constants) {
      t.close();
    }
    constants.clear();
  }
}
