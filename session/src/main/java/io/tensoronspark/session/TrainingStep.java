package io.tensoronspark.session;

import io.tensoronspark.session.spec.ConstantFeed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;

/**
 * What one training step of a {@link DistributedSession} runs: the train op, the placeholders the
 * rows feed (in row order), the variables trained and exchanged with the TPS, constant feeds
 * applied at every step (e.g. {@code keep_prob = 0.5f}) and extra scalar fetches reported per epoch
 * (e.g. an accuracy op). Immutable; build it once and pass it to every {@code run} or {@code fit}.
 *
 * <pre>{@code
 * TrainingStep step = TrainingStep.builder(trainOp)
 *     .feeds("x", "y").params(w1, b1, w2, b2)
 *     .constantFeed("keep_prob", 0.5f).metric(accuracy)
 *     .build();
 * }</pre>
 *
 * <p>Everything is checked on the driver before the graph is touched (see {@link
 * DistributedSession#run(TrainingStep, org.apache.spark.api.java.JavaRDD)}).
 */
public final class TrainingStep {

  /** Optimizer state stays in each executor session across tasks and epochs (measured best). */
  public static final OptimizerState DEFAULT_OPTIMIZER_STATE = OptimizerState.KEEP_PER_EXECUTOR;

  private final String trainOpName;
  private final List<String> feedNames;
  private final List<String> paramNames;
  private final List<ConstantFeed> constantFeeds;
  private final List<String> metricNames;
  private final Set<String> localVariables;
  private final boolean shuffle;
  private final OptimizerState optimizerState;

  private TrainingStep(Builder b) {
    this.trainOpName = b.trainOpName;
    this.feedNames = List.copyOf(b.feedNames);
    this.paramNames = List.copyOf(b.paramNames);
    this.constantFeeds = List.copyOf(b.constantFeeds);
    this.metricNames = List.copyOf(b.metricNames);
    this.localVariables = Set.copyOf(b.localVariables);
    this.shuffle = b.shuffle;
    this.optimizerState = Objects.requireNonNull(b.optimizerState, "optimizerState");
    if (feedNames.isEmpty()) {
      throw new IllegalArgumentException("a training step needs at least one row feed");
    }
    if (paramNames.isEmpty()) {
      throw new IllegalArgumentException("a training step needs at least one trained parameter");
    }
  }

  /** Starts a step that runs {@code trainOp} (e.g. an optimizer's minimize op). */
  public static Builder builder(Op trainOp) {
    return new Builder(trainOp.op().name());
  }

  /** Starts a step that runs the operation named {@code trainOpName}. */
  public static Builder builder(String trainOpName) {
    return new Builder(trainOpName);
  }

  public String trainOpName() {
    return trainOpName;
  }

  /** The placeholders fed from each row, in row order. */
  public List<String> feedNames() {
    return feedNames;
  }

  /** The variables trained and synced through the TPS, in wire order. */
  public List<String> paramNames() {
    return paramNames;
  }

  public List<ConstantFeed> constantFeeds() {
    return constantFeeds;
  }

  /** Extra scalar fetches, averaged per epoch weighted by batch rows. */
  public List<String> metricNames() {
    return metricNames;
  }

  /**
   * Variables the train op updates that the user chose to leave local to each task (never synced).
   */
  public Set<String> localVariables() {
    return localVariables;
  }

  /** Whether each task shuffles its partition (seeded by epoch and partition). */
  public boolean shuffle() {
    return shuffle;
  }

  /** The lifetime of optimizer state on the executors. */
  public OptimizerState optimizerState() {
    return optimizerState;
  }

  /** Builder; feeds and params are required. */
  public static final class Builder {
    private final String trainOpName;
    private final List<String> feedNames = new ArrayList<>();
    private final List<String> paramNames = new ArrayList<>();
    private final List<ConstantFeed> constantFeeds = new ArrayList<>();
    private final List<String> metricNames = new ArrayList<>();
    private final Set<String> localVariables = new LinkedHashSet<>();
    private boolean shuffle = true;
    private OptimizerState optimizerState = DEFAULT_OPTIMIZER_STATE;

    private Builder(String trainOpName) {
      this.trainOpName = Objects.requireNonNull(trainOpName, "trainOpName");
    }

    /** The placeholders each row feeds, in row order. */
    public Builder feeds(String... names) {
      feedNames.addAll(List.of(names));
      return this;
    }

    /** As {@link #feeds(String...)}. */
    public Builder feeds(List<String> names) {
      feedNames.addAll(names);
      return this;
    }

    /** The float variables to train and exchange with the TPS. */
    public Builder params(Operand<?>... variables) {
      return params(List.of(variables));
    }

    /** As {@link #params(Operand[])}. */
    public Builder params(List<? extends Operand<?>> variables) {
      for (Operand<?> v : variables) {
        paramNames.add(v.op().name());
      }
      return this;
    }

    /** The trained variables by operation name. */
    public Builder paramNames(List<String> names) {
      paramNames.addAll(names);
      return this;
    }

    /**
     * Feeds {@code value} to placeholder {@code name} at every step: a boxed scalar ({@code 0.5f},
     * {@code true}, {@code 3L}, ...), a String, or a primitive vector; see {@link ConstantFeed}.
     */
    public Builder constantFeed(String name, Object value) {
      constantFeeds.add(ConstantFeed.of(name, value));
      return this;
    }

    /** Feeds a tensor of {@code shape} (flat row-major values) at every step. */
    public Builder constantFeed(String name, long[] shape, Object flatValues) {
      constantFeeds.add(ConstantFeed.of(name, shape, flatValues));
      return this;
    }

    /** Also fetches this numeric scalar at every step and reports its epoch mean. */
    public Builder metric(Operand<?> scalar) {
      return metric(scalar.op().name());
    }

    /** As {@link #metric(Operand)}, by operation name. */
    public Builder metric(String name) {
      metricNames.add(Objects.requireNonNull(name, "metric name"));
      return this;
    }

    /**
     * Variables the train op updates that should train locally in each task and never be synced.
     * Without this, such a variable is an error.
     */
    public Builder localVariables(String... names) {
      localVariables.addAll(List.of(names));
      return this;
    }

    /** Whether each task shuffles its partition (default true). */
    public Builder shuffle(boolean shuffleWithinPartition) {
      shuffle = shuffleWithinPartition;
      return this;
    }

    /**
     * The lifetime of optimizer state on the executors (default {@link #DEFAULT_OPTIMIZER_STATE}).
     */
    public Builder optimizerState(OptimizerState policy) {
      optimizerState = policy;
      return this;
    }

    public TrainingStep build() {
      return new TrainingStep(this);
    }
  }
}
