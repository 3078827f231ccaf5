package io.tensoronspark.tps.protocol;

/**
 * Paths, headers and content types of the TPS HTTP API, shared by server and client. Constants
 * only.
 */
public final class HttpProtocol {

  private HttpProtocol() {}

  /** POST: body = push frame; answer = reply frame with the merged values. */
  public static final String PUSH_PATH = "/v1/push";

  /**
   * GET: answer = reply frame with the current values. Optional query parameters {@link
   * #PULL_WORKER_PARAM} and {@link #PULL_ATTEMPT_PARAM} (both or neither) identify the pulling task
   * attempt, which then claims its partition.
   */
  public static final String PULL_PATH = "/v1/pull";

  /** Pull query parameter: the worker id (Spark partition) of the pulling attempt. */
  public static final String PULL_WORKER_PARAM = "worker";

  /** Pull query parameter: the Spark task attempt id of the pulling attempt. */
  public static final String PULL_ATTEMPT_PARAM = "attempt";

  /** GET: JSON status. */
  public static final String STATUS_PATH = "/v1/status";

  /** GET: HTML status page. */
  public static final String PAGE_PATH = "/";

  /** GET: the applied pushes from index {@link #PROGRESS_SINCE_PARAM} on, and totals (JSON). */
  public static final String PROGRESS_PATH = "/v1/progress";

  /** The first push index {@link #PROGRESS_PATH} returns. */
  public static final String PROGRESS_SINCE_PARAM = "since";

  /** GET: the live dashboard page (charts). */
  public static final String DASHBOARD_PATH = "/dashboard";

  /** GET with a one-time key: sets the dashboard cookie and redirects to the dashboard. */
  public static final String LOGIN_PATH = "/login";

  /** The one-time key of a {@link #LOGIN_PATH} request. */
  public static final String LOGIN_KEY_PARAM = "key";

  /** GET: the dashboard's script, style and chart library files under this prefix. */
  public static final String STATIC_PREFIX = "/static/";

  /** Optional on pull: the run id the client expects; a mismatch is answered 409. */
  public static final String RUN_ID_HEADER = "X-TPS-Run-Id";

  /** On error answers: a short machine-readable code, one of {@link ErrorCode}. */
  public static final String ERROR_CODE_HEADER = "X-TPS-Error";

  /** The content type of frames. */
  public static final String FRAME_CONTENT_TYPE = "application/x-tps-frame";

  /** The authentication scheme prefix of the Authorization header. */
  public static final String BEARER_PREFIX = "Bearer ";
}
