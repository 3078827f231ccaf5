package io.tensoronspark.tps.server;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushLog;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's handler chain: dashboard login and cookie (read-only pages) or bearer auth -> body
 * size limit -> Expect -> route -> endpoint handlers, with separate concurrency limits around
 * pushes and around pulls (so pulls and status never wait behind slow pushes; status and page need
 * no buffers and have none), each with its own bounded pool of body and reply buffers. Immutable
 * after construction; thread-safe.
 */
public final class HandlerChain {

  private final HttpHandler root;
  private final ScratchPool pushBuffers;
  private final ScratchPool pullBuffers;
  private final long ceilingBytes;

  /**
   * Builds the chain.
   *
   * @param launched the attempts that may pull with an identity, or null to admit any
   * @param maxBodyBytes the largest valid push frame
   * @param pushLog what /v1/progress and the dashboard show
   * @param dashboard the one-time login keys and session cookies of the dashboard
   */
  public HandlerChain(
      TpsServerConfig config,
      List<ParameterSpec> specs,
      ParameterStore store,
      AttemptOwnership ownership,
      PushProcessor processor,
      LaunchedAttempts launched,
      TpsCounters counters,
      long runId,
      long maxBodyBytes,
      Supplier<StatusReport> status,
      PushLog pushLog,
      DashboardAccess dashboard) {
    StaticResources files = new StaticResources();
    int slots = config.maxConcurrentRequests();
    ConcurrencyLimit limit =
        new ConcurrencyLimit(slots, config.maxQueuedRequests(), config.retryAfterSeconds());
    BodyTimeouts timeouts =
        new BodyTimeouts(
            config.bodyStallTimeoutMillis(),
            config.bodyDeadlineMillis(),
            config.minBodyBytesPerSecond());
    this.pushBuffers = new ScratchPool(specs, store::newPayloadBuffers, slots);
    this.pullBuffers = new ScratchPool(specs, store::newPayloadBuffers, slots);
    this.ceilingBytes =
        ScratchPool.ceilingBytes(specs, slots, true)
            + ScratchPool.ceilingBytes(specs, slots, false);
    HttpHandler router =
        new RouteHandler(
            limit.wrap(
                new PushHandler(specs, processor, pushBuffers, counters, runId, timeouts),
                counters),
            limit.wrap(
                new PullHandler(
                    specs,
                    store,
                    ownership,
                    pullBuffers,
                    counters,
                    runId,
                    launched,
                    config.launchRegistrationWaitMillis()),
                counters),
            new StatusJsonHandler(status),
            new StatusPageHandler(status),
            Map.of(
                HttpProtocol.PROGRESS_PATH,
                new ProgressJsonHandler(pushLog),
                HttpProtocol.DASHBOARD_PATH,
                files.handler("dashboard.html")),
            files.staticFiles(HttpProtocol.STATIC_PREFIX));
    HttpHandler authorized =
        new BodySizeLimitHandler(maxBodyBytes, counters, new ExpectHandler(router));
    this.root =
        new DashboardAuthHandler(
            dashboard,
            counters,
            new BearerAuthHandler(config.token(), counters, authorized),
            authorized);
  }

  /** The first handler of the chain. */
  public HttpHandler root() {
    return root;
  }

  /**
   * The most direct memory the request and reply buffers can hold: {@link
   * TpsServerConfig#BODY_BUFFER_SETS_PER_SLOT} times {@code maxConcurrentRequests} pushes of the
   * largest valid frame plus their replies, and as many pull replies.
   */
  public long bodyBufferCeilingBytes() {
    return ceilingBytes;
  }

  /** The direct bytes the request and reply buffers hold now (in use or pooled). */
  public long bodyBufferBytes() {
    return pushBuffers.directBytes() + pullBuffers.directBytes();
  }
}
