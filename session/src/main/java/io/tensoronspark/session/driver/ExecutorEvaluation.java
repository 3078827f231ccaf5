package io.tensoronspark.session.driver;

import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.session.inference.DistributedPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scalar metrics of a session's current model computed on the executors: the model is exported as a
 * SavedModel with one metrics signature into the session's model directory (which every executor
 * can read), evaluated over the rows by {@link DistributedPredictor#evaluate}, and deleted. One per
 * session; called between epochs (each call has its own export).
 */
public final class ExecutorEvaluation {

  /** Exports the session's model with the given signature to a new directory. */
  @FunctionalInterface
  public interface Exporter {
    void export(String uri, ModelSignature signature) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEvaluation.class);

  private final JavaSparkContext sc;
  private final String modelDir;
  private final Exporter exporter;
  private final int batchSize;
  private final AtomicInteger evaluations = new AtomicInteger();

  public ExecutorEvaluation(
      JavaSparkContext sc, String modelDir, Exporter exporter, int batchSize) {
    this.sc = sc;
    this.modelDir = modelDir;
    this.exporter = exporter;
    this.batchSize = batchSize;
  }

  /**
   * The row-weighted mean of each output of {@code metrics} over {@code rows} (positional, in the
   * order of its inputs), plus "rows".
   *
   * @throws IllegalArgumentException when an output is not a scalar or an input is not in the graph
   * @throws UncheckedIOException when the model cannot be exported
   */
  public Map<String, Double> evaluate(JavaRDD<Object[]> rows, ModelSignature metrics) {
    String uri = new Path(modelDir, "evaluation-" + evaluations.incrementAndGet()).toString();
    Path path = new Path(uri);
    try {
      exporter.export(uri, metrics);
      return DistributedPredictor.builder(sc, uri)
          .signature(metrics.key())
          .inputs(metrics.inputs().keySet().toArray(new String[0]))
          .batchSize(batchSize)
          .build()
          .evaluate(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot export the model for evaluation to " + uri + ": " + e.getMessage(), e);
    } finally {
      try {
        path.getFileSystem(sc.hadoopConfiguration()).delete(path, true);
      } catch (IOException e) {
        LOG.warn("could not delete the evaluation model {}: {}", uri, e.toString());
      }
    }
  }
}
