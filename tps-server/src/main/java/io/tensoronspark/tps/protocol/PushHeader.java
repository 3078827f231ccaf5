package io.tensoronspark.tps.protocol;

/**
 * Who pushes and what the push is based on: the identity the server deduplicates retries with
 * ({@link #taskAttemptId()}, {@link #sequence()}) and the version of the snapshot the payload's
 * deltas were taken against ({@link #baseVersion()}), from which the server computes the staleness.
 * {@link #workerId()} and {@link #taskAttemptId()} also decide attempt ownership: the newest
 * attempt of a partition wins (see {@code io.tensoronspark.tps.TpsServer}). Immutable.
 */
public final class PushHeader {

  /** The largest worker id (Spark partition index) the server accepts. */
  public static final int MAX_WORKER_ID = (1 << 20) - 1;

  private final int workerId;
  private final long taskAttemptId;
  private final long sequence;
  private final long baseVersion;
  private final PushProgress progress;

  /**
   * Creates a header.
   *
   * @param workerId the worker (Spark partition index), 0 .. {@link #MAX_WORKER_ID}
   * @param taskAttemptId the Spark task attempt id, unique per run and increasing (newer attempts
   *     have larger ids); with {@code sequence} it identifies a push
   * @param sequence increases with every push of one attempt; a retried request reuses it
   * @param baseVersion the version returned by the pull or push whose values the payload is based
   *     on, at least 0
   */
  public PushHeader(int workerId, long taskAttemptId, long sequence, long baseVersion) {
    this(workerId, taskAttemptId, sequence, baseVersion, null);
  }

  /**
   * Creates a header carrying the worker's progress since its previous push (see {@link
   * PushProgress}); the parameters are as for {@link #PushHeader(int, long, long, long)}.
   *
   * @param progress the progress, or null to send none
   */
  public PushHeader(
      int workerId, long taskAttemptId, long sequence, long baseVersion, PushProgress progress) {
    checkWorkerId(workerId);
    if (baseVersion < 0) {
      throw new IllegalArgumentException("baseVersion must be >= 0, got " + baseVersion);
    }
    this.workerId = workerId;
    this.taskAttemptId = taskAttemptId;
    this.sequence = sequence;
    this.baseVersion = baseVersion;
    this.progress = progress;
  }

  /**
   * Checks a worker id as the server will.
   *
   * @throws IllegalArgumentException unless it is in 0 .. {@link #MAX_WORKER_ID}
   */
  public static void checkWorkerId(int workerId) {
    if (workerId < 0 || workerId > MAX_WORKER_ID) {
      throw new IllegalArgumentException(
          "workerId must be in 0.." + MAX_WORKER_ID + " (a partition index), got " + workerId);
    }
  }

  /** The pushing worker's id. */
  public int workerId() {
    return workerId;
  }

  /** The Spark task attempt id. */
  public long taskAttemptId() {
    return taskAttemptId;
  }

  /** The push's sequence number within its attempt. */
  public long sequence() {
    return sequence;
  }

  /** The version the payload is based on. */
  public long baseVersion() {
    return baseVersion;
  }

  /** The progress since the previous push, or null. */
  public PushProgress progress() {
    return progress;
  }

  @Override
  public String toString() {
    return "PushHeader[worker="
        + workerId
        + ", attempt="
        + taskAttemptId
        + ", seq="
        + sequence
        + ", base="
        + baseVersion
        + (progress == null ? "" : ", " + progress)
        + "]";
  }
}
