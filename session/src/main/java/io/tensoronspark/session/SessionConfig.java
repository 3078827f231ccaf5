package io.tensoronspark.session;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.spec.FaultInjection;
import io.tensoronspark.session.spec.NanPolicy;
import java.util.Objects;

/**
 * The immutable settings of a {@link DistributedSession}; every default is a named constant,
 * validated once here. Built through {@link DistributedSession.Builder}.
 */
public final class SessionConfig {

  /** Rows per training step. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Local steps between two parameter exchanges with the TPS. */
  public static final int DEFAULT_SYNC_INTERVAL_STEPS = 10;

  /** The TPS listens on an ephemeral port unless told otherwise. */
  public static final int DEFAULT_TPS_PORT = 0;

  /** Seed of the within-partition shuffle (mixed with the epoch and partition). */
  public static final long DEFAULT_SHUFFLE_SEED = 42L;

  /** Executors give up connecting to the TPS after this long per attempt. */
  public static final int DEFAULT_TPS_CONNECT_TIMEOUT_MILLIS = 5_000;

  /** Executors give up on one TPS request after this long per attempt. */
  public static final int DEFAULT_TPS_REQUEST_TIMEOUT_MILLIS = 60_000;

  /**
   * Attempts per TPS request (the first plus retries with exponential backoff) before the task
   * fails.
   */
  public static final int DEFAULT_TPS_MAX_ATTEMPTS = 4;

  /** TensorFlow intra-op threads per task session; 0 uses the task's CPUs (spark.task.cpus). */
  public static final int DEFAULT_INTRA_OP_THREADS = 0;

  /** TPS checkpoints kept in the model directory (the newest ones). */
  public static final int DEFAULT_CHECKPOINTS_TO_KEEP = 3;

  /**
   * Periodic TPS checkpoints during an epoch are off by default; one is always written at each
   * epoch's end.
   */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 0;

  /** Sub-directory of the model directory that holds TPS checkpoints. */
  public static final String CHECKPOINT_SUBDIR = "tps-checkpoints";

  /**
   * An epoch fails when none of its tasks has started after this long (no executor accepted the
   * job).
   */
  public static final long DEFAULT_TASK_START_TIMEOUT_MILLIS = 300_000;

  private final String modelDir;
  private final boolean keepModelDir;
  private final int batchSize;
  private final int syncIntervalSteps;
  private final Combiner combiner;
  private final String tpsBindHost;
  private final String tpsAdvertisedHost;
  private final int tpsPort;
  private final long shuffleSeed;
  private final int tpsConnectTimeoutMillis;
  private final int tpsRequestTimeoutMillis;
  private final int tpsMaxAttempts;
  private final int intraOpThreads;
  private final NanPolicy nanPolicy;
  private final FaultInjection faultInjection;
  private final boolean resume;
  private final int checkpointsToKeep;
  private final long checkpointIntervalSeconds;
  private final long taskStartTimeoutMillis;
  private final double tpsDropRequestShare;
  private final double tpsDropReplyShare;

  SessionConfig(DistributedSession.Builder b) {
    this.modelDir = b.modelDir;
    this.keepModelDir = b.keepModelDir;
    this.batchSize = positive("batchSize", b.batchSize);
    this.syncIntervalSteps = positive("syncIntervalSteps", b.syncIntervalSteps);
    this.combiner = b.combiner == null ? Combiners.defaultCombiner() : b.combiner;
    this.tpsBindHost = b.tpsBindHost;
    this.tpsAdvertisedHost = b.tpsAdvertisedHost;
    if (b.tpsPort < 0 || b.tpsPort > 65_535) {
      throw new IllegalArgumentException("tpsPort must be in [0, 65535], got " + b.tpsPort);
    }
    this.tpsPort = b.tpsPort;
    this.shuffleSeed = b.shuffleSeed;
    this.tpsConnectTimeoutMillis = positive("tpsConnectTimeoutMillis", b.tpsConnectTimeoutMillis);
    this.tpsRequestTimeoutMillis = positive("tpsRequestTimeoutMillis", b.tpsRequestTimeoutMillis);
    this.tpsMaxAttempts = positive("tpsMaxAttempts", b.tpsMaxAttempts);
    if (b.intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + b.intraOpThreads);
    }
    this.intraOpThreads = b.intraOpThreads;
    this.nanPolicy = Objects.requireNonNull(b.nanPolicy, "nanPolicy");
    this.faultInjection = Objects.requireNonNull(b.faultInjection, "faultInjection");
    this.resume = b.resume;
    this.checkpointsToKeep = positive("checkpointsToKeep", b.checkpointsToKeep);
    if (b.checkpointIntervalSeconds < 0) {
      throw new IllegalArgumentException(
          "checkpointIntervalSeconds must be >= 0 (0 = only at epoch ends), got "
              + b.checkpointIntervalSeconds);
    }
    this.checkpointIntervalSeconds = b.checkpointIntervalSeconds;
    if (b.taskStartTimeoutMillis < 0) {
      throw new IllegalArgumentException(
          "taskStartTimeoutMillis must be >= 0 (0 = wait forever), got "
              + b.taskStartTimeoutMillis);
    }
    this.taskStartTimeoutMillis = b.taskStartTimeoutMillis;
    this.tpsDropRequestShare = b.tpsDropRequestShare;
    this.tpsDropReplyShare = b.tpsDropReplyShare;
    if (resume && modelDir == null) {
      throw new IllegalArgumentException("resume needs the modelDir of the run to resume");
    }
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /** The model directory URI, or null for a fresh temporary file:// directory. */
  public String modelDir() {
    return modelDir;
  }

  public boolean keepModelDir() {
    return keepModelDir;
  }

  public int batchSize() {
    return batchSize;
  }

  public int syncIntervalSteps() {
    return syncIntervalSteps;
  }

  public Combiner combiner() {
    return combiner;
  }

  /** The TPS bind host, or null for the driver's host (spark.driver.host). */
  public String tpsBindHost() {
    return tpsBindHost;
  }

  /** The host executors use to reach the TPS, or null for the bind host. */
  public String tpsAdvertisedHost() {
    return tpsAdvertisedHost;
  }

  public int tpsPort() {
    return tpsPort;
  }

  public long shuffleSeed() {
    return shuffleSeed;
  }

  public int tpsConnectTimeoutMillis() {
    return tpsConnectTimeoutMillis;
  }

  public int tpsRequestTimeoutMillis() {
    return tpsRequestTimeoutMillis;
  }

  public int tpsMaxAttempts() {
    return tpsMaxAttempts;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public NanPolicy nanPolicy() {
    return nanPolicy;
  }

  public FaultInjection faultInjection() {
    return faultInjection;
  }

  /**
   * Whether the TPS starts from the newest checkpoint in the model directory (when there is one).
   */
  public boolean resume() {
    return resume;
  }

  public int checkpointsToKeep() {
    return checkpointsToKeep;
  }

  public long checkpointIntervalSeconds() {
    return checkpointIntervalSeconds;
  }

  /** How long an epoch waits for its first task to start before failing; 0 waits forever. */
  public long taskStartTimeoutMillis() {
    return taskStartTimeoutMillis;
  }

  /** Test knob: share of TPS requests executors drop before sending (then retry). */
  public double tpsDropRequestShare() {
    return tpsDropRequestShare;
  }

  /** Test knob: share of TPS replies executors discard after the server answered (then retry). */
  public double tpsDropReplyShare() {
    return tpsDropReplyShare;
  }
}
