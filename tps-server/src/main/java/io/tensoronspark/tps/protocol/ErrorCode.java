package io.tensoronspark.tps.protocol;

/**
 * The machine-readable codes the server sends in {@link HttpProtocol#ERROR_CODE_HEADER} with every
 * error answer, one constant per code. Clients decide on the code, never on the reason text.
 */
public enum ErrorCode {
  /** 400: the frame or request is not what the protocol says. */
  MALFORMED("malformed"),
  /** 400/408: the body never arrived whole; nothing was merged. */
  INCOMPLETE_BODY("incomplete-body"),
  /** 408: the body came too slowly (stall, minimum rate or deadline); nothing was merged. */
  BODY_TIMEOUT("body-timeout"),
  /** 413: the body is larger than the largest valid frame. */
  TOO_LARGE("too-large"),
  /** 417: an Expect header other than 100-continue. */
  EXPECTATION_FAILED("expectation-failed"),
  /** 400: a query parameter is not what the endpoint takes. */
  BAD_REQUEST("bad-request"),
  /** 401: missing or wrong bearer token. */
  UNAUTHORIZED("unauthorized"),
  /** 403: a dashboard login key that is unknown, used or expired. */
  LOGIN_REFUSED("login-refused"),
  /** 404: no such path. */
  NOT_FOUND("not-found"),
  /** 405: wrong method for the path. */
  METHOD("method"),
  /** 503: the request limit is reached; retry after Retry-After. */
  BUSY("busy"),
  /** 409: the frame names another run. */
  RUN_MISMATCH("run-mismatch"),
  /** 409: a push staler than the bound, under the REJECT policy. */
  STALE("stale"),
  /** 409: the partition is owned by a newer task attempt. */
  SUPERSEDED("superseded"),
  /** 409: the task attempt was not launched for the partition it names. */
  UNKNOWN_ATTEMPT("unknown-attempt"),
  /** 422: the merge would make a stored value NaN or infinite; nothing was merged. */
  NON_FINITE_MERGE("non-finite-merge"),
  /** 500: the combiner threw; nothing was merged. */
  COMBINER_FAILED("combiner-failed"),
  /** 500: any other server fault; details in the server log. */
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as sent on the wire. */
  public String wire() {
    return wire;
  }

  /** Whether {@code code} (a header value, maybe null) is this code. */
  public boolean is(String code) {
    return wire.equals(code);
  }

  @Override
  public String toString() {
    return wire;
  }
}
