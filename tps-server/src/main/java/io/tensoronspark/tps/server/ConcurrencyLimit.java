package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.server.handlers.RequestLimitingHandler;
import io.undertow.util.Headers;

/**
 * Bounds the requests handled at once: up to {@code maxConcurrent} run, up to {@code maxQueued}
 * more wait in Undertow's {@link RequestLimit} queue (none wait when it is 0), and the rest are
 * answered 503 with {@code Retry-After} (the client backs off and retries). Immutable; the handler
 * it makes is thread-safe.
 *
 * @param maxConcurrent requests handled at once, at least 1
 * @param maxQueued requests waiting for a slot, at least 0
 * @param retryAfterSeconds the Retry-After value of a 503
 */
record ConcurrencyLimit(int maxConcurrent, int maxQueued, int retryAfterSeconds) {

  /** Validates the bounds. */
  public ConcurrencyLimit {
    if (maxConcurrent < 1 || maxQueued < 0 || retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "concurrency limit needs maxConcurrent >= 1, maxQueued >= 0, retryAfterSeconds >= 0, got "
              + maxConcurrent
              + ", "
              + maxQueued
              + ", "
              + retryAfterSeconds);
    }
  }

  HttpHandler wrap(HttpHandler next, TpsCounters counters) {
    HttpHandler busy =
        exchange -> {
          counters.busyRejection();
          exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
          ErrorReply.send(
              exchange,
              503,
              ErrorCode.BUSY,
              "server busy: "
                  + maxConcurrent
                  + " requests running and "
                  + maxQueued
                  + " queued; retry later");
        };
    if (maxQueued == 0) {
      // Undertow's RequestLimit treats a queue size of 0 as unbounded.
      return new NonQueueingLimitHandler(maxConcurrent, busy, next);
    }
    RequestLimit limit = new RequestLimit(maxConcurrent, maxQueued);
    limit.setFailureHandler(busy);
    return new RequestLimitingHandler(limit, next);
  }
}
