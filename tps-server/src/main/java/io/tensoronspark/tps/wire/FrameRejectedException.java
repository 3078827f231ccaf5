package io.tensoronspark.tps.wire;

/**
 * A frame or request the server refuses: carries the HTTP status to answer and a one-line reason
 * for the client. The reason must not contain line breaks or internal details (stack traces stay in
 * the server log).
 */
public final class FrameRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Status for malformed frames. */
  public static final int BAD_REQUEST = 400;

  /** Status for a run id mismatch or a stale push. */
  public static final int CONFLICT = 409;

  /** Status for a body over the size limit. */
  public static final int TOO_LARGE = 413;

  private final int status;
  private final String code;

  /**
   * A rejection with a status, a short machine-readable code (e.g. "malformed", "stale") and a
   * reason.
   */
  public FrameRejectedException(int status, String code, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** A 400 "malformed" rejection. */
  public static FrameRejectedException malformed(String reason) {
    return new FrameRejectedException(BAD_REQUEST, "malformed", reason);
  }

  /** The HTTP status to answer. */
  public int status() {
    return status;
  }

  /** A short machine-readable code, sent in the {@code X-TPS-Error} header. */
  public String code() {
    return code;
  }
}
