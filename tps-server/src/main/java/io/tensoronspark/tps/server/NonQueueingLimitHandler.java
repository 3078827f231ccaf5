package io.tensoronspark.tps.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets at most {@code max} requests run at once and answers the rest right away through {@code
 * busy}: the zero-queue case that Undertow's {@code RequestLimit} cannot express. A slot is freed
 * when its exchange completes. Thread-safe.
 */
final class NonQueueingLimitHandler implements HttpHandler {

  private final int max;
  private final HttpHandler busy;
  private final HttpHandler next;
  private final AtomicInteger running = new AtomicInteger();

  NonQueueingLimitHandler(int max, HttpHandler busy, HttpHandler next) {
    this.max = max;
    this.busy = busy;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (running.incrementAndGet() > max) {
      running.decrementAndGet();
      busy.handleRequest(exchange);
      return;
    }
    exchange.addExchangeCompleteListener(
        (completed, nextListener) -> {
          running.decrementAndGet();
          nextListener.proceed();
        });
    next.handleRequest(exchange);
  }
}
