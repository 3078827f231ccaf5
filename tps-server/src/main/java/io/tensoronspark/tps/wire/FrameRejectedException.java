package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.ErrorCode;

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
  private final ErrorCode code;

  /** A rejection with a status, a machine-readable code and a reason. */
  public FrameRejectedException(int status, ErrorCode code, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** A 400 {@link ErrorCode#MALFORMED} rejection. */
  public static FrameRejectedException malformed(String reason) {
    return new FrameRejectedException(BAD_REQUEST, ErrorCode.MALFORMED, reason);
  }

  /** The HTTP status to answer. */
  public int status() {
    return status;
  }

  /** The machine-readable code, sent in the {@code X-TPS-Error} header. */
  public ErrorCode code() {
    return code;
  }
}
