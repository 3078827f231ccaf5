package io.tensoronspark.tps.protocol;

/**
 * A TPS request failed: the server answered with an error status ({@link #statusCode()}), or it
 * could not be reached within the configured attempts ({@link #statusCode()} is {@link
 * #NO_STATUS}). The message names the endpoint, the operation, the attempts and the last cause (or
 * the server's one-line reason).
 */
public class TpsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The status code of a failure without an HTTP answer (I/O error, timeout, malformed reply). */
  public static final int NO_STATUS = -1;

  private final int statusCode;

  /** A failure with an HTTP status (or {@link #NO_STATUS}). */
  public TpsException(String message, int statusCode) {
    super(message);
    this.statusCode = statusCode;
  }

  /** A failure with an HTTP status (or {@link #NO_STATUS}) and a cause. */
  public TpsException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** The HTTP status of the server's answer, or {@link #NO_STATUS} when there was none. */
  public int statusCode() {
    return statusCode;
  }
}
