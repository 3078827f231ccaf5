package io.tensoronspark.session;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.executor.OverlappedSync;
import io.tensoronspark.session.spec.NanPolicy;
import java.util.Objects;

/**
 * The immutable session-only settings of a {@link DistributedSession}; every default is a named
 * constant, validated once here. Built through {@link DistributedSession.Builder}. The TPS's own
 * options (port, timeouts, attempts, checkpoints kept, encoding, ...) are not repeated here: they
 * live in {@code TpsServerConfig} and {@code TpsClientConfig}, set through {@link
 * DistributedSession.Builder#tpsServer} and {@link DistributedSession.Builder#tpsClient}.
 */
public final class SessionConfig {

  /** What the session wrote to the model directory is deleted on close. */
  public static final boolean DEFAULT_KEEP_MODEL_DIR = false;

  /** A session starts from the graph's values, not from a checkpoint. */
  public static final boolean DEFAULT_RESUME = false;

  /** Rows per training step. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Local steps between two parameter exchanges with the TPS. */
  public static final int DEFAULT_SYNC_INTERVAL_STEPS = 10;

  /** Seed of the within-partition shuffle (mixed with the epoch and partition). */
  public static final long DEFAULT_SHUFFLE_SEED = 42L;

  /** TensorFlow intra-op threads per task session; 0 uses the task's CPUs (spark.task.cpus). */
  public static final int DEFAULT_INTRA_OP_THREADS = 0;

  /** Round trips block the task (the reply is taken in before the next step). */
  public static final boolean DEFAULT_OVERLAP_SYNC = false;

  /** TensorFlow inter-op threads per task session (ops run concurrently within one step). */
  public static final int DEFAULT_INTER_OP_THREADS = 1;

  /** A NaN or infinite loss fails the task. */
  public static final NanPolicy DEFAULT_NAN_POLICY = NanPolicy.FAIL;

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
  private final String tpsAdvertisedHost;
  private final long shuffleSeed;
  private final int intraOpThreads;
  private final int interOpThreads;
  private final NanPolicy nanPolicy;
  private final boolean overlapSync;
  private final boolean resume;
  private final long taskStartTimeoutMillis;

  SessionConfig(DistributedSession.Builder b) {
    this.modelDir = b.modelDir;
    this.keepModelDir = b.keepModelDir;
    this.batchSize = positive("batchSize", b.batchSize);
    this.syncIntervalSteps = positive("syncIntervalSteps", b.syncIntervalSteps);
    this.combiner = b.combiner == null ? Combiners.defaultCombiner() : b.combiner;
    this.tpsAdvertisedHost = b.tpsAdvertisedHost;
    this.shuffleSeed = b.shuffleSeed;
    if (b.intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + b.intraOpThreads);
    }
    this.intraOpThreads = b.intraOpThreads;
    this.interOpThreads = positive("interOpThreads", b.interOpThreads);
    this.nanPolicy = Objects.requireNonNull(b.nanPolicy, "nanPolicy");
    if (b.overlapSync && OverlappedSync.refusal(combiner) != null) {
      throw new IllegalArgumentException(OverlappedSync.refusal(combiner));
    }
    this.overlapSync = b.overlapSync;
    this.resume = b.resume;
    if (b.taskStartTimeoutMillis < 0) {
      throw new IllegalArgumentException(
          "taskStartTimeoutMillis must be >= 0 (0 = wait forever), got "
              + b.taskStartTimeoutMillis);
    }
    this.taskStartTimeoutMillis = b.taskStartTimeoutMillis;
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

  /** The host executors use to reach the TPS, or null for the bind host. */
  public String tpsAdvertisedHost() {
    return tpsAdvertisedHost;
  }

  public long shuffleSeed() {
    return shuffleSeed;
  }

  /** TensorFlow inter-op threads per task session. */
  public int interOpThreads() {
    return interOpThreads;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public NanPolicy nanPolicy() {
    return nanPolicy;
  }

  /** Whether each round trip runs beside the training instead of blocking it. */
  public boolean overlapSync() {
    return overlapSync;
  }

  /**
   * Whether the TPS starts from the newest checkpoint in the model directory (when there is one).
   */
  public boolean resume() {
    return resume;
  }

  /** How long an epoch waits for its first task to start before failing; 0 waits forever. */
  public long taskStartTimeoutMillis() {
    return taskStartTimeoutMillis;
  }
}
