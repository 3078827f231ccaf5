package io.tensoronspark.session;

/**
 * A training epoch failed on the cluster; the message carries the root cause's message (e.g. a bad
 * row).
 */
public final class TrainingFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
