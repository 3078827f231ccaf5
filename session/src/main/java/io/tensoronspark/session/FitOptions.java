package io.tensoronspark.session;

import java.util.Objects;

/**
 * How {@link DistributedSession#fit} trains: the epochs, the partitions the rows are spread over
 * (randomly repartitioned once, or before every epoch), an optional validation run on the driver
 * after every epoch and early stopping on the validation value (or, without a validation, on the
 * epoch's mean training loss). Immutable; built with {@link #builder(int)}.
 */
public final class FitOptions {

  /** Epochs without improvement before stopping; 0 never stops early. */
  public static final int DEFAULT_PATIENCE = 0;

  /** The smallest change that counts as an improvement. */
  public static final double DEFAULT_MIN_DELTA = 0.0;

  /** Seed of the random repartitioning between epochs (mixed with the epoch). */
  public static final long DEFAULT_REPARTITION_SEED = 17L;

  /**
   * Whether every epoch re-spreads the rows over the partitions with a full shuffle. Off by
   * default: the rows are split once (repartitioned at random and persisted only when their
   * partition count is not the one asked for) and each task shuffles its partition per epoch, which
   * keeps a Spark shuffle of the whole data set out of every epoch.
   */
  public static final boolean DEFAULT_REPARTITION_EVERY_EPOCH = false;

  /** Whether the fit ends with the best epoch's parameters rather than the last epoch's. */
  public static final boolean DEFAULT_RESTORE_BEST = false;

  /** Evaluates the driver session's merged parameters after an epoch (e.g. test accuracy). */
  @FunctionalInterface
  public interface Validation {
    double evaluate(int epoch);
  }

  private final int epochs;
  private final int partitions;
  private final long repartitionSeed;
  private final boolean repartitionEveryEpoch;
  private final Validation validation;
  private final String validationName;
  private final boolean higherIsBetter;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;

  private FitOptions(Builder b) {
    if (b.epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + b.epochs);
    }
    if (b.partitions < 0) {
      throw new IllegalArgumentException(
          "partitions must be >= 1 (or 0: the rows' own), got " + b.partitions);
    }
    if (b.patience < 0 || b.minDelta < 0) {
      throw new IllegalArgumentException(
          "patience and minDelta must be >= 0, got " + b.patience + " and " + b.minDelta);
    }
    this.epochs = b.epochs;
    this.partitions = b.partitions;
    this.repartitionSeed = b.repartitionSeed;
    this.repartitionEveryEpoch = b.repartitionEveryEpoch;
    this.validation = b.validation;
    this.validationName = b.validationName;
    this.higherIsBetter = b.validation != null ? b.higherIsBetter : false;
    this.patience = b.patience;
    this.minDelta = b.minDelta;
    this.restoreBest = b.restoreBest;
  }

  /** Options for {@code epochs} epochs; everything else at its default. */
  public static Builder builder(int epochs) {
    return new Builder(epochs);
  }

  public int epochs() {
    return epochs;
  }

  /** Partitions per epoch; 0 keeps the rows' own partition count. */
  public int partitions() {
    return partitions;
  }

  public long repartitionSeed() {
    return repartitionSeed;
  }

  /** Whether every epoch randomly repartitions the rows (a full shuffle) rather than the first. */
  public boolean repartitionEveryEpoch() {
    return repartitionEveryEpoch;
  }

  /** The validation, or null. */
  public Validation validation() {
    return validation;
  }

  /** The monitored value's name: the validation's, or "loss" (the mean training loss). */
  public String monitoredName() {
    return validation != null ? validationName : "loss";
  }

  /** Whether the monitored value improves upwards (accuracy) rather than downwards (loss). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public int patience() {
    return patience;
  }

  public double minDelta() {
    return minDelta;
  }

  /** Whether the fit ends by rolling back to the best epoch's parameters. */
  public boolean restoreBest() {
    return restoreBest;
  }

  /** Builder with the defaults above. */
  public static final class Builder {
    private final int epochs;
    private int partitions;
    private long repartitionSeed = DEFAULT_REPARTITION_SEED;
    private boolean repartitionEveryEpoch = DEFAULT_REPARTITION_EVERY_EPOCH;
    private Validation validation;
    private String validationName;
    private boolean higherIsBetter;
    private int patience = DEFAULT_PATIENCE;
    private double minDelta = DEFAULT_MIN_DELTA;
    private boolean restoreBest = DEFAULT_RESTORE_BEST;

    private Builder(int epochs) {
      this.epochs = epochs;
    }

    /** Partitions the rows are spread over (default 0: the rows' own count). */
    public Builder partitions(int count) {
      partitions = count;
      return this;
    }

    public Builder repartitionSeed(long seed) {
      repartitionSeed = seed;
      return this;
    }

    /**
     * Randomly repartitions the rows before every epoch (a full Spark shuffle each time) instead of
     * splitting them once (default {@value #DEFAULT_REPARTITION_EVERY_EPOCH}). With the default
     * each worker sees the same rows every epoch, in a new order (the tasks shuffle their
     * partitions); turn this on when the rows' own split is not random and their partition count is
     * already the one asked for.
     */
    public Builder repartitionEveryEpoch(boolean everyEpoch) {
      repartitionEveryEpoch = everyEpoch;
      return this;
    }

    /**
     * Runs {@code validation} on the driver after every epoch (the driver session then holds the
     * merged parameters) and monitors its value for early stopping.
     *
     * @param name the value's name in reports (e.g. "test accuracy")
     * @param higherIsBetter true for an accuracy, false for a loss
     */
    public Builder validation(String name, boolean higherIsBetter, Validation validation) {
      this.validationName = Objects.requireNonNull(name, "name");
      this.higherIsBetter = higherIsBetter;
      this.validation = Objects.requireNonNull(validation, "validation");
      return this;
    }

    /**
     * Stops when the monitored value has not improved by more than {@code minDelta} for {@code
     * patience} epochs in a row (default 0: never).
     */
    public Builder earlyStopping(int patience, double minDelta) {
      this.patience = patience;
      this.minDelta = minDelta;
      return this;
    }

    /**
     * Ends the fit with the parameters of the epoch with the best monitored value (default {@value
     * #DEFAULT_RESTORE_BEST}: the last epoch's), like Keras's {@code restore_best_weights}. After
     * each improving epoch the TPS's state (values, version, combiner state) is copied in memory on
     * the driver; when later epochs did not improve on it, the TPS restarts from that copy (a new
     * port unless one is configured, a new token and dashboard link), the TPS checkpoints written
     * after it are deleted, and the driver session gets its values: exports, the next run and a
     * resume continue from the best epoch. Costs one copy of the parameters and combiner state.
     */
    public Builder restoreBest(boolean restore) {
      restoreBest = restore;
      return this;
    }

    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
