package io.tensoronspark.session;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.session.driver.BestEpoch;
import io.tensoronspark.session.driver.EpochRunner;
import io.tensoronspark.session.driver.ExecutorEvaluation;
import io.tensoronspark.session.driver.FitLoop;
import io.tensoronspark.session.driver.ListenerList;
import io.tensoronspark.session.driver.ModelDirectory;
import io.tensoronspark.session.driver.ParameterServerHost;
import io.tensoronspark.session.driver.TpsSettings;
import io.tensoronspark.session.executor.TaskOutcome;
import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.session.export.SavedModelExporter;
import io.tensoronspark.session.model.GraphInstrumenter;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.session.spec.NanPolicy;
import io.tensoronspark.session.tensorboard.EventFileWriter;
import io.tensoronspark.session.tensorboard.TensorBoardLog;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.PushRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;

/**
 * A distributed TensorFlow session over Spark: the user builds a graph and a session on the driver
 * exactly as on one machine, then each {@link #run} trains one epoch over an RDD. Executors rebuild
 * the graph from the model directory, train on their partitions and exchange parameters with a
 * Tensor Parameter Server hosted in this driver every {@code syncIntervalSteps} steps; after {@code
 * run} the user's own session holds the merged parameters.
 *
 * <pre>{@code
 * try (DistributedSession ds = DistributedSession.builder(sc, graph, session).loss(loss).build()) {
 *   EpochReport report = ds.run(trainOp, rows, List.of("x", "y"), List.of(w, b), true);
 * }
 * }</pre>
 *
 * <p>Threading: one driver thread at a time may call {@link #run} and {@link #close}; the graph and
 * the session must not be used by other threads during a run. Owns the TPS and, unless {@code
 * keepModelDir}, what it wrote to the model directory; does not own the Spark context, the graph or
 * the session.
 */
public final class DistributedSession implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final SessionConfig config;
  private final ModelDirectory modelDirectory;
  private final ParameterServerHost tps;
  private final EpochRunner epochRunner;
  private final Configuration hadoopConf;
  private final ListenerList listeners = new ListenerList();
  private final ExecutorEvaluation evaluation;
  private TensorBoardLog tensorBoard;
  private int epochsRun;
  private boolean closed;

  private DistributedSession(Builder b) {
    JavaSparkContext sc = b.sc;
    this.graph = b.graph;
    this.session = b.session;
    this.hadoopConf = sc.hadoopConfiguration();
    this.config = new SessionConfig(b);
    TpsClientConfig clientTemplate = TpsSettings.clientTemplate(b.tpsClient);
    TpsSettings.checkEncodingFits(clientTemplate, config.combiner());
    this.modelDirectory = ModelDirectory.open(config, sc.hadoopConfiguration(), sc.master());
    TpsServerConfig serverConfig;
    try {
      serverConfig =
          TpsSettings.server(
              b.tpsServer,
              sc.getConf().get("spark.driver.host", "127.0.0.1"),
              config.combiner(),
              modelDirectory.checkpointDir(),
              hadoopConf);
    } catch (RuntimeException e) {
      modelDirectory.close(); // nothing of this session may stay behind
      throw e;
    }
    this.tps = new ParameterServerHost(config, serverConfig, clientTemplate, hadoopConf);
    this.epochRunner =
        new EpochRunner(sc, graph, session, config, b.lossName, modelDirectory, tps, listeners);
    this.evaluation =
        new ExecutorEvaluation(
            sc, modelDirectory.uri(), this::exportSavedModel, config.batchSize());
  }

  /** Starts building a session over the user's driver-side graph and TF session. */
  public static Builder builder(JavaSparkContext sc, Graph graph, Session session) {
    return new Builder(sc, graph, session);
  }

  /**
   * Trains one epoch of {@code step} over {@code rows}. The step is checked against the graph
   * first, before anything is added to it: the train op must update at least one variable and not
   * be the loss; params must be distinct float ref variables; every variable the train op trains
   * (updates and the loss reads) must be in params or in {@link
   * TrainingStep.Builder#localVariables}; optimizer state (Adam's m, v and beta powers, momentum
   * accumulators) must not be in params; feeds, constant feeds and metrics must match their
   * placeholders' and ops' dtypes and shapes. Each error names what was expected and what came.
   *
   * @param rows one {@code Object[]} per example, positional values matching the step's feeds:
   *     {@code float[]} for float feeds, {@code int}/{@code long} (boxed) or {@code int[]}/{@code
   *     long[]} for integer feeds
   * @return the epoch's report, with the step's metrics averaged over the epoch
   * @throws IllegalArgumentException when the step does not match the graph
   * @throws TrainingFailedException when the Spark job fails, with the root cause's message
   */
  public EpochReport run(TrainingStep step, JavaRDD<Object[]> rows) {
    if (closed) {
      throw new IllegalStateException("this DistributedSession is closed");
    }
    EpochReport report = epochRunner.run(epochsRun + 1, step, rows);
    epochsRun++;
    return report;
  }

  /**
   * Trains {@code step} for up to {@code options.epochs()} epochs over the rows split into {@code
   * options.partitions()} (once, or before every epoch: {@link
   * FitOptions#repartitionEveryEpoch()}); after each epoch the validation (if any) runs on the
   * driver and the listeners' {@link TrainingListener#onValidation} are called; training stops
   * early when the monitored value stopped improving for {@code patience} epochs, and with {@link
   * FitOptions.Builder#restoreBest} the parameters roll back to the best epoch's.
   *
   * @throws IllegalArgumentException when the step does not match the graph (before any epoch)
   * @throws TrainingFailedException when an epoch's Spark job fails
   */
  public FitResult fit(TrainingStep step, JavaRDD<Object[]> rows, FitOptions options) {
    return FitLoop.run(
        step, rows, options, this::run, listeners, new BestEpoch(tps, graph, session));
  }

  /**
   * Trains one epoch over {@code rows}: {@link #run(TrainingStep, JavaRDD)} with a step of these
   * feeds and params.
   *
   * @param trainOp the op to run at each step (e.g. an optimizer's minimize op)
   * @param feedNames the placeholders the row values feed, in row order
   * @param params the float variables to train and exchange with the TPS
   * @param shuffleWithinPartition whether each task shuffles its partition (seeded by epoch and
   *     partition)
   */
  public EpochReport run(
      Op trainOp,
      JavaRDD<Object[]> rows,
      List<String> feedNames,
      List<? extends Operand<?>> params,
      boolean shuffleWithinPartition) {
    return run(
        TrainingStep.builder(trainOp)
            .feeds(feedNames)
            .params(params)
            .shuffle(shuffleWithinPartition)
            .build(),
        rows);
  }

  /**
   * {@link #run(Op, JavaRDD, List, List, boolean)} with the train op and the variables given by
   * name.
   */
  public EpochReport run(
      String trainOpName,
      JavaRDD<Object[]> rows,
      List<String> feedNames,
      List<String> paramNames,
      boolean shuffleWithinPartition) {
    return run(
        TrainingStep.builder(trainOpName)
            .feeds(feedNames)
            .paramNames(paramNames)
            .shuffle(shuffleWithinPartition)
            .build(),
        rows);
  }

  /**
   * Registers {@code listener} for the following epochs; see {@link TrainingListener} for when and
   * on which thread it is called.
   */
  public void addListener(TrainingListener listener) {
    listeners.add(listener);
  }

  /** Unregisters {@code listener}; returns whether it was registered. */
  public boolean removeListener(TrainingListener listener) {
    return listeners.remove(listener);
  }

  /**
   * Exports the trained model as a standard SavedModel (tag {@code serve}) to {@code uri} on any
   * Hadoop FileSystem, with the TPS's merged values for the trained variables (the driver session's
   * for the others, and for all before the first run). See {@link SavedModelExporter}.
   *
   * @param uri a new or empty directory, e.g. {@code hdfs://nn/models/mnist/1}
   * @param signatures the named inputs and outputs; the first is usually {@code serving_default}
   * @throws IllegalArgumentException for resource or legacy variables (TF Java would not save
   *     them), unknown signature tensors or a non-empty target; nothing is written then
   */
  public void exportSavedModel(String uri, ModelSignature... signatures) throws IOException {
    if (closed) {
      throw new IllegalStateException("this DistributedSession is closed");
    }
    ParameterSnapshot merged = tps.started() ? tps.server().snapshot() : null;
    new SavedModelExporter(hadoopConf).export(graph, session, merged, uri, List.of(signatures));
  }

  /**
   * Evaluates the model as the TPS holds it now (the driver session's values before the first run)
   * on the executors: the row-weighted mean of each scalar output of {@code metrics} (e.g. a loss
   * and an accuracy) over {@code rows}, positional in the order of its inputs, plus "rows". The
   * model goes to a temporary SavedModel in the model directory, deleted afterwards. As a
   * distributed validation: {@code FitOptions.builder(n).validation("val loss", false, e ->
   * ds.evaluate(validationRows, metrics).get("loss"))}.
   *
   * @param metrics a signature whose outputs are scalars, e.g. {@code
   *     ModelSignature.builder().key("evaluate").input("x", x).input("y", y).output("loss",
   *     loss).build()}
   * @throws IllegalArgumentException when an output is not a scalar
   */
  public Map<String, Double> evaluate(JavaRDD<Object[]> rows, ModelSignature metrics) {
    if (closed) {
      throw new IllegalStateException("this DistributedSession is closed");
    }
    return evaluation.evaluate(rows, metrics);
  }

  /**
   * The running epoch's progress (samples, steps, pushes, running loss, rate, per-worker staleness,
   * from the progress every push carries), or the last epoch's final progress between epochs; null
   * before the first epoch. Any thread.
   */
  public TrainingProgress progress() {
    return epochRunner.progress();
  }

  /**
   * The latest pushes the TPS applied (at most {@link PushLog#DEFAULT_CAPACITY}, oldest first),
   * each with the worker's progress, staleness and the version it produced: a bounded history.
   * Empty before the first run. Any thread.
   */
  public List<PushRecord> recentPushes() {
    return tps.started() ? tps.server().pushLog().since(0) : List.of();
  }

  /**
   * Writes TensorBoard event files to {@code logDirUri} on any Hadoop FileSystem (the session's
   * Hadoop configuration) from now on: per-epoch and per-push scalars (see {@link TensorBoardLog}),
   * flushed every few seconds during epochs so {@code tensorboard --logdir} shows the live run. The
   * session owns and closes the log.
   *
   * @return the log, e.g. to add the program's own scalars such as a test metric per epoch
   * @throws IOException when the directory or the event file cannot be created
   * @throws IllegalStateException when the session already writes a log
   */
  public TensorBoardLog logTensorBoard(String logDirUri) throws IOException {
    if (closed) {
      throw new IllegalStateException("this DistributedSession is closed");
    }
    if (tensorBoard != null) {
      throw new IllegalStateException(
          "already writing TensorBoard events to " + tensorBoard.file());
    }
    tensorBoard =
        new TensorBoardLog(
            new EventFileWriter(logDirUri, hadoopConf),
            () -> tps.server().pushLog(),
            () -> tps.server().stats());
    listeners.add(tensorBoard);
    return tensorBoard;
  }

  /**
   * A new one-time login URL of the TPS's live dashboard (charts of loss, samples/s, pushes per
   * worker, staleness, bytes); see {@link io.tensoronspark.tps.TpsServer#dashboardLoginUrl}. Valid
   * once the TPS runs (from the first epoch's start, e.g. in {@link
   * TrainingListener#onEpochStart}).
   *
   * @throws IllegalStateException before the TPS started
   */
  public URI dashboardLoginUrl() {
    if (!tps.started()) {
      throw new IllegalStateException("the TPS starts with the first run; ask again from then on");
    }
    return tps.server().dashboardLoginUrl();
  }

  /** The TPS endpoint executors use; valid after the first run. */
  public URI tpsEndpoint() {
    return tps.clientConfig().endpoint();
  }

  /**
   * The TPS's current values of the trained parameters, in the order of the last run's {@code
   * params}.
   */
  public float[][] tpsValues() {
    return tps.values();
  }

  /** The model directory URI (resolved, also when it was a fresh temporary directory). */
  public String modelDir() {
    return modelDirectory.uri();
  }

  /** Epochs completed so far. */
  public int epochsRun() {
    return epochsRun;
  }

  /**
   * The last epoch's task outcomes with their executor-JVM diagnostics: a testing seam, reached by
   * tests in this package and through the session test jar's {@code SessionTestSeam}.
   */
  List<TaskOutcome> lastTaskOutcomes() {
    return epochRunner.lastOutcomes();
  }

  /** The configuration in effect. */
  public SessionConfig config() {
    return config;
  }

  /**
   * Reads the driver session's current values of {@code paramNames}, e.g. to compare with {@link
   * #tpsValues()}.
   */
  public float[][] driverValues(List<String> paramNames) {
    ParameterAccess access = new ParameterAccess(GraphInstrumenter.describe(graph, paramNames));
    float[][] values = access.newArrays();
    access.read(session, values); // reads only: no assign ops needed, the graph is left as it is
    return values;
  }

  /**
   * Closes the TensorBoard log, stops the TPS and deletes what this session wrote to the model
   * directory unless told to keep it. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeTensorBoard();
    } finally {
      try {
        tps.close();
      } finally {
        modelDirectory.close();
      }
    }
  }

  private void closeTensorBoard() {
    if (tensorBoard == null) {
      return;
    }
    try {
      tensorBoard.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the TensorBoard log " + tensorBoard.file(), e);
    }
  }

  /** Builder with the defaults of {@link SessionConfig}. */
  public static final class Builder {
    private final JavaSparkContext sc;
    private final Graph graph;
    private final Session session;
    String modelDir;
    boolean keepModelDir = SessionConfig.DEFAULT_KEEP_MODEL_DIR;
    int batchSize = SessionConfig.DEFAULT_BATCH_SIZE;
    int syncIntervalSteps = SessionConfig.DEFAULT_SYNC_INTERVAL_STEPS;
    Combiner combiner;
    String tpsAdvertisedHost;
    long shuffleSeed = SessionConfig.DEFAULT_SHUFFLE_SEED;
    int intraOpThreads = SessionConfig.DEFAULT_INTRA_OP_THREADS;
    int interOpThreads = SessionConfig.DEFAULT_INTER_OP_THREADS;
    NanPolicy nanPolicy = SessionConfig.DEFAULT_NAN_POLICY;
    boolean overlapSync = SessionConfig.DEFAULT_OVERLAP_SYNC;
    boolean resume = SessionConfig.DEFAULT_RESUME;
    long taskStartTimeoutMillis = SessionConfig.DEFAULT_TASK_START_TIMEOUT_MILLIS;
    private Consumer<TpsServerConfig.Builder> tpsServer = b -> {};
    private Consumer<TpsClientConfig.Builder> tpsClient = b -> {};
    private String lossName;

    private Builder(JavaSparkContext sc, Graph graph, Session session) {
      this.sc = Objects.requireNonNull(sc, "sc");
      this.graph = Objects.requireNonNull(graph, "graph");
      this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Model directory on any Hadoop FileSystem (hdfs://, file://, s3a://); default a fresh
     * temporary file:// one.
     */
    public Builder modelDir(String uri) {
      modelDir = uri;
      return this;
    }

    /**
     * Keep the model directory's content on {@link #close()} (default: delete what the session
     * wrote).
     */
    public Builder keepModelDir(boolean keep) {
      keepModelDir = keep;
      return this;
    }

    public Builder batchSize(int rows) {
      batchSize = rows;
      return this;
    }

    public Builder syncIntervalSteps(int steps) {
      syncIntervalSteps = steps;
      return this;
    }

    /** The merge rule (default: delta sum). */
    public Builder combiner(Combiner c) {
      combiner = c;
      return this;
    }

    /**
     * The scalar float loss fetched at each step for the report and the NaN check (default: none).
     */
    public Builder loss(Operand<?> loss) {
      lossName = loss.op().name();
      return this;
    }

    /** The loss by operation name. */
    public Builder lossName(String name) {
      lossName = name;
      return this;
    }

    /**
     * Sets TPS server options on its builder, e.g. {@code .tpsServer(b ->
     * b.port(7077).maxStaleness(8))}; every default is {@link TpsServerConfig}'s, except the bind
     * host, which defaults to {@code spark.driver.host}. The combiner and the checkpoint directory
     * come from this builder and {@code modelDir}; a customiser that changes them is refused at
     * {@link #build()}. Several calls run in order.
     */
    public Builder tpsServer(Consumer<TpsServerConfig.Builder> customiser) {
      tpsServer = tpsServer.andThen(Objects.requireNonNull(customiser, "customiser"));
      return this;
    }

    /**
     * Sets the executors' TPS client options on its builder, e.g. {@code .tpsClient(b ->
     * b.encoding(PayloadEncoding.F16).maxAttempts(8))}; every default is {@link TpsClientConfig}'s.
     * The config travels to the executors in the run spec; the endpoint, token and run id come from
     * the running TPS (a customiser that sets them is refused at {@link #build()}). Several calls
     * run in order.
     */
    public Builder tpsClient(Consumer<TpsClientConfig.Builder> customiser) {
      tpsClient = tpsClient.andThen(Objects.requireNonNull(customiser, "customiser"));
      return this;
    }

    /**
     * The host executors use to reach the TPS, when it differs from the bind host (e.g. bind
     * 0.0.0.0).
     */
    public Builder tpsAdvertisedHost(String host) {
      tpsAdvertisedHost = host;
      return this;
    }

    public Builder shuffleSeed(long seed) {
      shuffleSeed = seed;
      return this;
    }

    /**
     * Runs each push-and-pull beside the training: the task trains on while the round trip of the
     * last sync point is in flight, and takes the reply in at the next one without losing the steps
     * made meanwhile (W := merged + (W now - W at send)). Needs a combiner with the default worker
     * half (delta-sum, model-averaging, dynsgd, server-momentum); others are refused.
     */
    public Builder overlapSync(boolean overlap) {
      overlapSync = overlap;
      return this;
    }

    /** TF intra-op threads per task session (default 0: spark.task.cpus). */
    /** TF inter-op threads per task session (default 1). */
    public Builder interOpThreads(int threads) {
      interOpThreads = threads;
      return this;
    }

    public Builder intraOpThreads(int threads) {
      intraOpThreads = threads;
      return this;
    }

    public Builder nanPolicy(NanPolicy policy) {
      nanPolicy = policy;
      return this;
    }

    /**
     * Start the TPS from the newest checkpoint under {@code modelDir/tps-checkpoints} (written at
     * every epoch's end), e.g. after the driver died; without a checkpoint the run starts from the
     * graph's values.
     */
    public Builder resume(boolean fromLatestCheckpoint) {
      resume = fromLatestCheckpoint;
      return this;
    }

    /**
     * Fail an epoch when none of its tasks started after this long (default 5 minutes; 0 waits
     * forever), instead of waiting silently for executors that never come. With dynamic allocation,
     * allow for executor start-up.
     */
    public Builder taskStartTimeoutMillis(long millis) {
      taskStartTimeoutMillis = millis;
      return this;
    }

    public DistributedSession build() {
      return new DistributedSession(this);
    }
  }
}
