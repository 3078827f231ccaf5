package io.tensoronspark.tps.server;

import io.tensoronspark.tps.ParameterSpec;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * Assembles the server's handler chain: auth -> body size limit -> Expect -> concurrency limit ->
 * route -> endpoint handlers. Stateless.
 */
public final class HandlerChain {

  private HandlerChain() {}

  /**
   * Builds the chain.
   *
   * @param maxBodyBytes the largest valid push frame
   * @param maxRetainedBuffers how many request buffer sets to keep pooled
   * @param bodyStallTimeoutMillis how long a push body may go without a byte
   * @param concurrencyLimit null for none, else wraps the router
   */
  public static HttpHandler build(
      List<ParameterSpec> specs,
      ParameterStore store,
      AttemptOwnership ownership,
      PushProcessor processor,
      TpsCounters counters,
      String token,
      long runId,
      long maxBodyBytes,
      int maxRetainedBuffers,
      long bodyStallTimeoutMillis,
      ConcurrencyLimit concurrencyLimit,
      Supplier<StatusReport> status) {
    ScratchPool pool = new ScratchPool(specs, store::newPayloadBuffers, maxRetainedBuffers);
    HttpHandler router =
        new RouteHandler(
            new PushHandler(specs, processor, pool, counters, runId, bodyStallTimeoutMillis),
            new PullHandler(specs, store, ownership, pool, counters, runId),
            new StatusJsonHandler(status),
            new StatusPageHandler(status));
    HttpHandler limited =
        concurrencyLimit == null ? router : concurrencyLimit.wrap(router, counters);
    return new BearerAuthHandler(
        token,
        counters,
        new BodySizeLimitHandler(maxBodyBytes, counters, new ExpectHandler(limited)));
  }
}
