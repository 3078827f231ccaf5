package io.tensoronspark.session.spec;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything an executor needs to train one epoch on its partition, broadcast once per {@code run}:
 * where the model is, how to reach the TPS, the feeds, the trained parameters, the batching and
 * sync settings. Immutable and small (no graph bytes, no parameter values).
 */
public final class RunSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final String modelPath;
  private final SerializableHadoopConf hadoopConf;
  private final String trainOpName;
  private final String lossName;
  private final List<FeedSpec> feeds;
  private final List<ConstantFeed> constantFeeds;
  private final List<String> metricNames;
  private final List<TrainedParameter> parameters;
  private final List<TrainedParameter> optimizerStateToReset;
  private final int batchSize;
  private final int syncIntervalSteps;
  private final boolean shuffle;
  private final long shuffleSeed;
  private final Combiner combiner;
  private final TpsClientConfig clientConfig;
  private final NanPolicy nanPolicy;
  private final boolean overlapSync;
  private final int intraOpThreads;
  private final int interOpThreads;

  private RunSpec(Builder b) {
    this.epoch = b.epoch;
    this.modelPath = Objects.requireNonNull(b.modelPath, "modelPath");
    this.hadoopConf = Objects.requireNonNull(b.hadoopConf, "hadoopConf");
    this.trainOpName = Objects.requireNonNull(b.trainOpName, "trainOpName");
    this.lossName = b.lossName;
    this.feeds = List.copyOf(b.feeds);
    this.constantFeeds = List.copyOf(b.constantFeeds);
    this.metricNames = List.copyOf(b.metricNames);
    for (ConstantFeed c : constantFeeds) {
      if (c.dataType() == null) {
        throw new IllegalArgumentException("constant feed " + c + " is not bound to the graph");
      }
    }
    this.parameters = List.copyOf(b.parameters);
    this.optimizerStateToReset = List.copyOf(b.optimizerStateToReset);
    this.batchSize = b.batchSize;
    this.syncIntervalSteps = b.syncIntervalSteps;
    this.shuffle = b.shuffle;
    this.shuffleSeed = b.shuffleSeed;
    this.combiner = Objects.requireNonNull(b.combiner, "combiner");
    this.clientConfig = Objects.requireNonNull(b.clientConfig, "clientConfig");
    this.nanPolicy = Objects.requireNonNull(b.nanPolicy, "nanPolicy");
    this.overlapSync = b.overlapSync;
    this.intraOpThreads = b.intraOpThreads;
    this.interOpThreads = Math.max(1, b.interOpThreads);
    if (batchSize < 1 || syncIntervalSteps < 1) {
      throw new IllegalArgumentException(
          "batchSize and syncIntervalSteps must be >= 1, got "
              + batchSize
              + " and "
              + syncIntervalSteps);
    }
    if (feeds.isEmpty() || parameters.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one feed and one trained parameter");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public int epoch() {
    return epoch;
  }

  /** The GraphDef file on a Hadoop FileSystem; its path names the model version. */
  public String modelPath() {
    return modelPath;
  }

  public SerializableHadoopConf hadoopConf() {
    return hadoopConf;
  }

  public String trainOpName() {
    return trainOpName;
  }

  /** The scalar loss to fetch at each step, or null when the user gave none. */
  public String lossName() {
    return lossName;
  }

  public List<FeedSpec> feeds() {
    return feeds;
  }

  /** Values fed to placeholders at every step, bound to their dtypes. */
  public List<ConstantFeed> constantFeeds() {
    return constantFeeds;
  }

  /** Extra scalar fetches whose batch-weighted sums each task reports. */
  public List<String> metricNames() {
    return metricNames;
  }

  public List<TrainedParameter> parameters() {
    return parameters;
  }

  /**
   * Optimizer state each task resets to its initial values before training (empty unless the step
   * asked for {@code OptimizerState.RESET_PER_TASK}); float variables with assign ops.
   */
  public List<TrainedParameter> optimizerStateToReset() {
    return optimizerStateToReset;
  }

  /** The TPS's view of the trained parameters, in wire order. */
  public List<ParameterSpec> parameterSpecs() {
    return parameters.stream().map(TrainedParameter::toParameterSpec).toList();
  }

  public int batchSize() {
    return batchSize;
  }

  public int syncIntervalSteps() {
    return syncIntervalSteps;
  }

  public boolean shuffle() {
    return shuffle;
  }

  /**
   * The seed of the within-partition shuffle; mixed with the epoch and the partition index by the
   * trainer.
   */
  public long shuffleSeed() {
    return shuffleSeed;
  }

  public Combiner combiner() {
    return combiner;
  }

  public TpsClientConfig clientConfig() {
    return clientConfig;
  }

  public NanPolicy nanPolicy() {
    return nanPolicy;
  }

  /** Whether round trips run beside the training (see the session's {@code overlapSync}). */
  public boolean overlapSync() {
    return overlapSync;
  }

  /** TensorFlow intra-op threads per task session; 0 means the task's CPU count. */
  /** TensorFlow inter-op threads per task session. */
  public int interOpThreads() {
    return interOpThreads;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Builder; every field but the loss is required. */
  public static final class Builder {
    private int epoch;
    private String modelPath;
    private SerializableHadoopConf hadoopConf;
    private String trainOpName;
    private String lossName;
    private List<FeedSpec> feeds = List.of();
    private List<ConstantFeed> constantFeeds = List.of();
    private List<String> metricNames = List.of();
    private List<TrainedParameter> parameters = List.of();
    private List<TrainedParameter> optimizerStateToReset = List.of();
    private int batchSize;
    private int syncIntervalSteps;
    private boolean shuffle;
    private long shuffleSeed;
    private Combiner combiner;
    private TpsClientConfig clientConfig;
    private NanPolicy nanPolicy = NanPolicy.FAIL;
    private boolean overlapSync;
    private int intraOpThreads;
    private int interOpThreads = 1;

    private Builder() {}

    public Builder epoch(int v) {
      epoch = v;
      return this;
    }

    public Builder modelPath(String v) {
      modelPath = v;
      return this;
    }

    public Builder hadoopConf(SerializableHadoopConf v) {
      hadoopConf = v;
      return this;
    }

    public Builder trainOpName(String v) {
      trainOpName = v;
      return this;
    }

    public Builder lossName(String v) {
      lossName = v;
      return this;
    }

    public Builder feeds(List<FeedSpec> v) {
      feeds = v;
      return this;
    }

    public Builder constantFeeds(List<ConstantFeed> v) {
      constantFeeds = v;
      return this;
    }

    public Builder metricNames(List<String> v) {
      metricNames = v;
      return this;
    }

    public Builder parameters(List<TrainedParameter> v) {
      parameters = v;
      return this;
    }

    public Builder optimizerStateToReset(List<TrainedParameter> v) {
      optimizerStateToReset = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder syncIntervalSteps(int v) {
      syncIntervalSteps = v;
      return this;
    }

    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    public Builder shuffleSeed(long v) {
      shuffleSeed = v;
      return this;
    }

    public Builder combiner(Combiner v) {
      combiner = v;
      return this;
    }

    public Builder clientConfig(TpsClientConfig v) {
      clientConfig = v;
      return this;
    }

    public Builder overlapSync(boolean v) {
      overlapSync = v;
      return this;
    }

    public Builder nanPolicy(NanPolicy v) {
      nanPolicy = v;
      return this;
    }

    public Builder interOpThreads(int v) {
      interOpThreads = v;
      return this;
    }

    public Builder intraOpThreads(int v) {
      intraOpThreads = v;
      return this;
    }

    public RunSpec build() {
      return new RunSpec(this);
    }
  }
}
