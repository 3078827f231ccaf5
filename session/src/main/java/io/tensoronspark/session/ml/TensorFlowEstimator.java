package io.tensoronspark.session.ml;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.SessionConfig;
import io.tensoronspark.session.spec.FeedSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A Spark ML {@link Estimator} that trains a TensorFlow graph with a {@link DistributedSession}:
 * {@link #fit} builds the user's {@link TrainableGraph} on the driver, reads the input and label
 * columns in bulk ({@code array<float>}, {@code array<double>}, ML vectors dense or sparse, numeric
 * scalars), trains {@code epochs} epochs through the TPS, optionally measures the validation loss
 * after each, exports the serving signature as a SavedModel and returns a {@link TensorFlowModel}
 * over it.
 *
 * <pre>{@code
 * TensorFlowEstimator est = new TensorFlowEstimator()
 *     .setGraphClass(MnistSoftmaxGraph.class.getName())
 *     .setInputCols("features").setInputFeeds("x").setLabelCol("label").setLabelFeed("y")
 *     .setEpochs(5).setBatchSize(100).setModelDir("hdfs://nn/models/mnist");
 * PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, est}).fit(df);
 * }</pre>
 *
 * <p>Saved and loaded with Spark ML's default params format ({@link #read()}), so it works inside a
 * saved {@code Pipeline}. Configured by one thread; {@link #fit} runs on the calling thread.
 */
public final class TensorFlowEstimator extends Estimator<TensorFlowModel>
    implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Epochs by default. */
  public static final int DEFAULT_EPOCHS = 1;

  private final String uid;
  final Param<String> graphClass;
  final StringArrayParam inputCols;
  final StringArrayParam inputFeeds;
  final Param<String> labelCol;
  final Param<String> labelFeed;
  final IntParam epochs;
  final IntParam batchSize;
  final IntParam syncIntervalSteps;
  final Param<String> combiner;
  final Param<String> modelDir;
  final DoubleParam validationFraction;
  final Param<String> validationCol;
  final LongParam seed;
  final StringArrayParam outputCols;
  final IntParam patience;
  final BooleanParam restoreBest;

  public TensorFlowEstimator() {
    this(Identifiable.randomUID("tensorflowEstimator"));
  }

  public TensorFlowEstimator(String uid) {
    this.uid = uid;
    graphClass = new Param<>(this, "graphClass", "TrainableGraph class (public no-arg ctor)");
    inputCols = new StringArrayParam(this, "inputCols", "input columns, one per input feed");
    inputFeeds = new StringArrayParam(this, "inputFeeds", "placeholders the input columns feed");
    labelCol = new Param<>(this, "labelCol", "label column");
    labelFeed = new Param<>(this, "labelFeed", "placeholder the label column feeds");
    epochs = new IntParam(this, "epochs", "passes over the data", ParamValidators.gtEq(1));
    batchSize = new IntParam(this, "batchSize", "rows per step", ParamValidators.gtEq(1));
    syncIntervalSteps =
        new IntParam(
            this, "syncIntervalSteps", "steps between TPS exchanges", ParamValidators.gtEq(1));
    combiner = new Param<>(this, "combiner", "combiner name or class");
    modelDir = new Param<>(this, "modelDir", "model directory URI (needed on a cluster)");
    validationFraction =
        new DoubleParam(
            this,
            "validationFraction",
            "share of rows held out for validation",
            ParamValidators.inRange(0, 1, true, false));
    validationCol = new Param<>(this, "validationCol", "boolean column: true = validation row");
    seed = new LongParam(this, "seed", "seed of the validation split and the shuffles");
    outputCols = new StringArrayParam(this, "outputCols", "columns for the serving outputs");
    patience =
        new IntParam(
            this,
            "patience",
            "epochs without a lower validation loss before stopping (0: never)",
            ParamValidators.gtEq(0));
    restoreBest =
        new BooleanParam(
            this, "restoreBest", "end with the epoch of the lowest validation loss, not the last");
    setDefault(epochs, DEFAULT_EPOCHS);
    setDefault(batchSize, SessionConfig.DEFAULT_BATCH_SIZE);
    setDefault(syncIntervalSteps, SessionConfig.DEFAULT_SYNC_INTERVAL_STEPS);
    setDefault(combiner, Combiners.defaultCombiner().name());
    setDefault(validationFraction, 0.0);
    setDefault(seed, SessionConfig.DEFAULT_SHUFFLE_SEED);
    setDefault(patience, FitOptions.DEFAULT_PATIENCE);
    setDefault(restoreBest, FitOptions.DEFAULT_RESTORE_BEST);
  }

  @Override
  public String uid() {
    return uid;
  }

  // Spark ML finds params through public no-argument methods returning them.
  public Param<String> graphClass() {
    return graphClass;
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam inputFeeds() {
    return inputFeeds;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> labelFeed() {
    return labelFeed;
  }

  public IntParam epochs() {
    return epochs;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam syncIntervalSteps() {
    return syncIntervalSteps;
  }

  public Param<String> combiner() {
    return combiner;
  }

  public Param<String> modelDir() {
    return modelDir;
  }

  public DoubleParam validationFraction() {
    return validationFraction;
  }

  public Param<String> validationCol() {
    return validationCol;
  }

  public LongParam seed() {
    return seed;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public IntParam patience() {
    return patience;
  }

  public BooleanParam restoreBest() {
    return restoreBest;
  }

  public TensorFlowEstimator setGraphClass(String className) {
    set(graphClass, className);
    return this;
  }

  public TensorFlowEstimator setInputCols(String... cols) {
    set(inputCols, cols);
    return this;
  }

  public TensorFlowEstimator setInputFeeds(String... feeds) {
    set(inputFeeds, feeds);
    return this;
  }

  public TensorFlowEstimator setLabelCol(String col) {
    set(labelCol, col);
    return this;
  }

  public TensorFlowEstimator setLabelFeed(String feed) {
    set(labelFeed, feed);
    return this;
  }

  public TensorFlowEstimator setEpochs(int n) {
    set(epochs, n);
    return this;
  }

  public TensorFlowEstimator setBatchSize(int rows) {
    set(batchSize, rows);
    return this;
  }

  public TensorFlowEstimator setSyncIntervalSteps(int steps) {
    set(syncIntervalSteps, steps);
    return this;
  }

  public TensorFlowEstimator setCombiner(String nameOrClass) {
    set(combiner, nameOrClass);
    return this;
  }

  public TensorFlowEstimator setModelDir(String uri) {
    set(modelDir, uri);
    return this;
  }

  public TensorFlowEstimator setValidationFraction(double share) {
    set(validationFraction, share);
    return this;
  }

  public TensorFlowEstimator setValidationCol(String col) {
    set(validationCol, col);
    return this;
  }

  public TensorFlowEstimator setSeed(long value) {
    set(seed, value);
    return this;
  }

  public TensorFlowEstimator setOutputCols(String... cols) {
    set(outputCols, cols);
    return this;
  }

  /**
   * Stops after {@code epochs} epochs without a lower validation loss (default 0: never); needs a
   * validation split ({@link #setValidationFraction} or {@link #setValidationCol}).
   */
  public TensorFlowEstimator setPatience(int epochs) {
    set(patience, epochs);
    return this;
  }

  /**
   * Whether the fitted model is the epoch with the lowest validation loss rather than the last
   * (default false); needs a validation split. See {@code FitOptions.Builder.restoreBest}.
   */
  public TensorFlowEstimator setRestoreBest(boolean restore) {
    set(restoreBest, restore);
    return this;
  }

  @Override
  public TensorFlowModel fit(Dataset<?> dataset) {
    requireSet(graphClass, inputCols, inputFeeds, labelCol, labelFeed);
    transformSchema(dataset.schema());
    TrainableGraph builder = EstimatorFit.instantiate($(graphClass));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    try (Graph graph = new Graph()) {
      TrainableModel parts = builder.build(graph);
      try (Session session = new Session(graph)) {
        List<String> feeds = new ArrayList<>(Arrays.asList($(inputFeeds)));
        feeds.add($(labelFeed));
        List<String> cols = new ArrayList<>(Arrays.asList($(inputCols)));
        cols.add($(labelCol));
        List<FeedSpec> specs = new ArrayList<>();
        for (String f : feeds) {
          specs.add(FeedSpec.fromGraph(graph, f));
        }
        DataFrameRows rows = new DataFrameRows(dataset.schema(), cols, specs); // checks types now
        return new EstimatorFit(this, sc, graph, session, parts, feeds, rows).run(dataset);
      }
    }
  }

  /** The input schema: fitting needs the input and label columns; it adds none. */
  @Override
  public StructType transformSchema(StructType schema) {
    List<String> names = Arrays.asList(schema.fieldNames());
    List<String> needed = new ArrayList<>();
    if (isDefined(inputCols)) {
      needed.addAll(Arrays.asList($(inputCols)));
    }
    if (isDefined(labelCol)) {
      needed.add($(labelCol));
    }
    for (String c : needed) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(
            "column '" + c + "' is not in the DataFrame; its columns are " + names);
      }
    }
    return schema;
  }

  @Override
  public TensorFlowEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<TensorFlowEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static TensorFlowEstimator load(String path) {
    return read().load(path);
  }

  private void requireSet(Param<?>... params) {
    for (Param<?> p : params) {
      if (!isDefined(p)) {
        throw new IllegalArgumentException(
            "TensorFlowEstimator needs " + p.name() + " (" + p.doc() + "), got none");
      }
    }
  }
}
