package io.tensoronspark.tps.protocol;

/**
 * The server refused a push as too stale ({@link StalenessPolicy#REJECT}): nothing was merged. The
 * caller should pull the current values, recompute its payload against them and push again with a
 * new sequence number.
 */
public final class StalePushException extends TpsException {

  private static final long serialVersionUID = 1L;

  /** The HTTP status of a stale rejection. */
  public static final int STATUS = 409;

  /** Creates one with the server's reason. */
  public StalePushException(String message) {
    super(message, STATUS);
  }
}
