package io.tensoronspark.tps.protocol;

/**
 * The server refused a push or pull because a newer attempt of the same partition (a Spark
 * speculative copy or a retry) owns it: nothing was merged. Not retried: this attempt is a zombie
 * and should stop exchanging parameters (Spark discards its result anyway). The message carries the
 * server's reason, naming the partition, the owning attempt and this one.
 */
public final class SupersededAttemptException extends TpsException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status of a superseded refusal. */
  public static final int STATUS = 409;

  /** Creates one with the server's reason. */
  public SupersededAttemptException(String message) {
    super(message, STATUS);
  }
}
