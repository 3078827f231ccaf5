package io.tensoronspark.session.ml;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.FitResult;
import io.tensoronspark.session.TrainingListener;
import io.tensoronspark.session.TrainingStep;
import io.tensoronspark.session.export.ModelSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * One {@link TensorFlowEstimator#fit}: splits off the validation rows, trains the epochs through a
 * {@link DistributedSession}, measures the validation loss after each epoch (exported as a
 * one-output signature and evaluated on the executors, weighted by rows), exports the serving
 * signature and describes the resulting {@link TensorFlowModel}. Used once, by the fitting thread.
 */
final class EstimatorFit {

  private static final Logger LOG = LoggerFactory.getLogger(EstimatorFit.class);

  private static final String SAVED_MODELS = "savedmodel";
  private static final String VALIDATION_SIGNATURE = "validation";
  private static final String LOSS = "loss";

  private final TensorFlowEstimator est;
  private final JavaSparkContext sc;
  private final Graph graph;
  private final Session session;
  private final TrainableModel parts;
  private final List<String> feeds;
  private final DataFrameRows rows;

  EstimatorFit(
      TensorFlowEstimator est,
      JavaSparkContext sc,
      Graph graph,
      Session session,
      TrainableModel parts,
      List<String> feeds,
      DataFrameRows rows) {
    this.est = est;
    this.sc = sc;
    this.graph = graph;
    this.session = session;
    this.parts = parts;
    this.feeds = feeds;
    this.rows = rows;
  }

  static TrainableGraph instantiate(String className) {
    try {
      Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!TrainableGraph.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(
            "graphClass " + className + " must implement " + TrainableGraph.class.getName());
      }
      return (TrainableGraph) c.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "graphClass "
              + className
              + ": expected a public class with a public no-argument"
              + " constructor, got "
              + e,
          e);
    }
  }

  TensorFlowModel run(Dataset<?> dataset) {
    String[] signatureInputs = signatureInputs();
    Dataset<Row>[] split = split(dataset.toDF());
    if (split[1] == null
        && ((Integer) est.$(est.patience) > 0 || (Boolean) est.$(est.restoreBest))) {
      throw new IllegalArgumentException(
          "patience "
              + est.$(est.patience)
              + " and restoreBest "
              + est.$(est.restoreBest)
              + " watch the validation loss: set validationFraction > 0 or validationCol, got"
              + " neither");
    }
    JavaRDD<Object[]> train = rows.rows(split[0]).cache();
    JavaRDD<Object[]> validation = split[1] == null ? null : rows.rows(split[1]).cache();
    String exportUri = exportUri();
    int epochs = (Integer) est.$(est.epochs);
    double[] losses = new double[0];
    List<String> params = parts.parameters().stream().map(p -> p.op().name()).toList();
    DistributedSession.Builder b =
        DistributedSession.builder(sc, graph, session)
            .batchSize((Integer) est.$(est.batchSize))
            .syncIntervalSteps((Integer) est.$(est.syncIntervalSteps))
            .combiner(Combiners.byName(est.$(est.combiner)))
            .shuffleSeed((Long) est.$(est.seed))
            .loss(parts.loss());
    if (est.isDefined(est.modelDir)) {
      b.modelDir(est.$(est.modelDir));
    }
    try (DistributedSession ds = b.build()) {
      TrainingStep step =
          TrainingStep.builder(parts.trainOp().op().name())
              .feeds(feeds)
              .paramNames(params)
              .shuffle(true)
              .build();
      ds.addListener(
          new TrainingListener() {
            @Override
            public void onEpochEnd(EpochReport report) {
              LOG.info("{}", report.summary());
            }
          });
      FitOptions.Builder fit = FitOptions.builder(epochs);
      if (validation != null) {
        fit.validation(
                LOSS,
                false,
                epoch -> {
                  double loss = validationLoss(ds, validation);
                  LOG.info("epoch {}: validation loss {}", epoch, loss);
                  return loss;
                })
            .earlyStopping((Integer) est.$(est.patience), FitOptions.DEFAULT_MIN_DELTA)
            .restoreBest((Boolean) est.$(est.restoreBest));
      }
      FitResult result = ds.fit(step, train, fit.build());
      if (validation != null) {
        losses = result.monitored().stream().mapToDouble(Double::doubleValue).toArray();
        if (result.restoredBest()) {
          LOG.info("restored epoch {}: validation loss {}", result.bestEpoch(), result.best());
        }
      }
      ds.exportSavedModel(exportUri, parts.serving());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the trained model to " + exportUri, e);
    } finally {
      train.unpersist(false);
      if (validation != null) {
        validation.unpersist(false);
      }
    }
    return model(exportUri, signatureInputs, losses);
  }

  private TensorFlowModel model(String uri, String[] signatureInputs, double[] losses) {
    String[] outputs = parts.serving().outputs().keySet().toArray(new String[0]);
    TensorFlowModel m =
        new TensorFlowModel(est.uid() + "_model")
            .setModelUri(uri)
            .setInputCols(est.$(est.inputCols))
            .setSignatureInputs(signatureInputs)
            .setOutputNames(outputs)
            .setBatchSize((Integer) est.$(est.batchSize))
            .setValidationLosses(losses);
    if (est.isDefined(est.outputCols)) {
      m.setOutputCols(est.$(est.outputCols));
    }
    m.setParent(est);
    return m;
  }

  /** The serving signature's input fed by each input feed, in the estimator's order. */
  private String[] signatureInputs() {
    Map<String, String> inputs = parts.serving().inputs();
    String[] names = new String[feeds.size() - 1];
    for (int i = 0; i < names.length; i++) {
      String tensor = feeds.get(i) + ":0";
      for (Map.Entry<String, String> e : inputs.entrySet()) {
        if (e.getValue().equals(tensor)) {
          names[i] = e.getKey();
        }
      }
      if (names[i] == null) {
        throw new IllegalArgumentException(
            "the serving signature must take input feed '"
                + feeds.get(i)
                + "'; its inputs are "
                + inputs);
      }
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private Dataset<Row>[] split(Dataset<Row> df) {
    if (est.isDefined(est.validationCol)) {
      String c = est.$(est.validationCol);
      return new Dataset[] {
        df.filter(functions.not(functions.col(c))), df.filter(functions.col(c))
      };
    }
    double share = (Double) est.$(est.validationFraction);
    if (share == 0) {
      return new Dataset[] {df, null};
    }
    return df.randomSplit(new double[] {1 - share, share}, (Long) est.$(est.seed));
  }

  private String exportUri() {
    if (est.isDefined(est.modelDir)) {
      return new Path(
              new Path(est.$(est.modelDir), SAVED_MODELS),
              est.uid() + "-" + System.currentTimeMillis())
          .toString();
    }
    if (!sc.master().startsWith("local")) {
      throw new IllegalArgumentException(
          "TensorFlowEstimator on master "
              + sc.master()
              + " needs modelDir: a directory every executor can read (e.g. hdfs://...), got none");
    }
    try {
      return Files.createTempDirectory("tensoronspark-estimator-")
          .resolve(SAVED_MODELS)
          .toUri()
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a local directory for the SavedModel", e);
    }
  }

  private double validationLoss(DistributedSession ds, JavaRDD<Object[]> validation) {
    ModelSignature.Builder sig = ModelSignature.builder().key(VALIDATION_SIGNATURE);
    for (String f : feeds) {
      sig.input(f, f);
    }
    return ds.evaluate(validation, sig.output(LOSS, parts.loss()).build()).get(LOSS);
  }
}
