package io.tensoronspark.tps;

/**
 * Who pushes and what the push is based on: the identity the server deduplicates retries with ({@link
 * #taskAttemptId()}, {@link #sequence()}) and the version of the snapshot the payload's deltas were taken against
 * ({@link #baseVersion()}), from which the server computes the staleness. Immutable.
 */
public final class PushHeader {

  private final int workerId;
  private final long taskAttemptId;
  private final long sequence;
  private final long baseVersion;

  /**
   * Creates a header.
   *
   * @param workerId the worker (Spark partition index), at least 0
   * @param taskAttemptId the Spark task attempt id, unique per run; with {@code sequence} it identifies a push
   * @param sequence increases with every push of one attempt; a retried request reuses it
   * @param baseVersion the version returned by the pull or push whose values the payload is based on, at least 0
   */
  public PushHeader(int workerId, long taskAttemptId, long sequence, long baseVersion) {
    if (workerId < 0) {
      throw new IllegalArgumentException("workerId must be >= 0, got " + workerId);
    }
    if (baseVersion < 0) {
      throw new IllegalArgumentException("baseVersion must be >= 0, got " + baseVersion);
    }
    this.workerId = workerId;
    this.taskAttemptId = taskAttemptId;
    this.sequence = sequence;
    this.baseVersion = baseVersion;
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

  @Override
  public String toString() {
    return "PushHeader[worker=" + workerId + ", attempt=" + taskAttemptId + ", seq=" + sequence + ", base="
        + baseVersion + "]";
  }
}
