package io.tensoronspark.tps.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Second link of the chain: answers 413 (and closes the connection, so the unread body is not
 * drained) when the declared Content-Length exceeds the largest valid frame. A chunked body (no
 * declared length) that grows past the limit is refused with 413 by the push handler's body reader,
 * whose buffer holds exactly the largest valid frame (see {@link HttpEndpoint} for why Undertow's
 * own limit sits well above). Immutable; thread-safe.
 */
public final class BodySizeLimitHandler implements HttpHandler {

  private final long maxBodyBytes;
  private final TpsCounters counters;
  private final HttpHandler next;

  /** Limits bodies to {@code maxBodyBytes} before {@code next}. */
  public BodySizeLimitHandler(long maxBodyBytes, TpsCounters counters, HttpHandler next) {
    this.maxBodyBytes = maxBodyBytes;
    this.counters = counters;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      counters.pushRejected();
      exchange.setPersistent(false);
      ErrorReply.send(
          exchange,
          413,
          "too-large",
          "body of "
              + declared
              + " bytes exceeds the limit of "
              + maxBodyBytes
              + " bytes set by the registered parameter sizes");
      return;
    }
    next.handleRequest(exchange);
  }
}
